package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.verdictdigest.system.DatabaseMigrations;
import com.verdictdigest.system.MigrationUpgradeTestAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine;

/**
 * Commands and their database, in-process: which command may make one, what a command says
 * when it finds none, how the read-only commands treat a schema that is behind, and how the
 * CLI's tables and progress lines look when nobody watches a terminal.
 */
class CliDatabaseTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VerdictCli.commandLine(new VerdictCli());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    Path demoCatalog() throws IOException {
        Path file = dir.resolve("demo.json");
        try (InputStream in = getClass().getResourceAsStream("/demo/catalog.json")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Test
    void aCommandThatFindsNoDatabaseSaysWhereItLookedAndMakesNone() {
        Path data = dir.resolve("nothing-here");
        for (String[] command : new String[][] {{"digest", "list"}, {"send", "status", "1"}, {"export-json", "-"},
                {"subscribers", "export", dir.resolve("x.csv").toString()}, {"digest", "approve", "1"}}) {
            String[] args = new String[command.length + 2];
            args[0] = "--data-dir";
            args[1] = data.toString();
            System.arraycopy(command, 0, args, 2, command.length);

            Run r = cli(args);

            assertThat(r.exit()).as(String.join(" ", command)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", command)).contains(
                    "error: no database in the data directory " + data.toAbsolutePath(),
                    data.toAbsolutePath().resolve("verdict.mv.db") + " does not exist",
                    "--data-dir DIR", "VERDICT_DATA_DIR");
            assertThat(r.out()).isEmpty();
        }
        assertThat(data).as("nothing made").doesNotExist();
    }

    @Test
    void anImporterMakesTheDatabaseThenTheReadingCommandsSeeIt() throws IOException {
        String data = dir.resolve("data").toString();

        Run imported = cli("--data-dir", data, "import-json", demoCatalog().toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(dir.resolve("data/verdict.mv.db")).exists();

        Run list = cli("--data-dir", data, "digest", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("No issues yet.", "No runs yet");
        Run exported = cli("--data-dir", data, "export-json", "-");
        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("\"format\"", "Codestral 2.1");
        Run status = cli("--data-dir", data, "send", "status", "1");
        assertThat(status.exit()).as(status.err()).isEqualTo(2);
        assertThat(status.err()).contains("issue 1 has no send");
    }

    @Test
    void aReadingCommandUpgradesADatabaseWhoseSchemaIsBehindAsServeWould() {
        Path data = dir.resolve("old");
        String url = "jdbc:h2:file:" + data.resolve("verdict").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        DriverManagerDataSource old = new DriverManagerDataSource(MigrationUpgradeTestAccess.release01At(url), "sa", "");
        assertThat(DatabaseMigrations.schemaState(old)).isEqualTo(DatabaseMigrations.SchemaState.BEHIND);

        Run list = cli("--data-dir", data.toString(), "digest", "list");

        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(DatabaseMigrations.schemaState(old)).isEqualTo(DatabaseMigrations.SchemaState.CURRENT);
    }

    @Test
    void tablesLineUpWhateverTheCellsHold() {
        StringWriter out = new StringWriter();
        new Table("#", "STATE", "SUBJECT").row(1, "sent", "Verdict Digest #1: Grüße")
                .row(12, "cancelled", "line\nbreak").print(new PrintWriter(out, true));

        assertThat(out.toString().split("\n")).containsExactly(
                "#   STATE      SUBJECT",
                "1   sent       Verdict Digest #1: Grüße",
                "12  cancelled  line break");
    }

    @Test
    void onATerminalTheBarShowsMegabytesForAnImportAndMailsForASend() {
        StringWriter importErr = new StringWriter();
        try (Progress p = Progress.start("Import", 8L << 20, Progress.Unit.BYTES, new PrintWriter(importErr, true), true)) {
            p.stepTo(4L << 20);
        }
        StringWriter sendErr = new StringWriter();
        try (Progress p = Progress.start("issue 3", 1200, Progress.Unit.MAILS, new PrintWriter(sendErr, true), true)) {
            p.stepTo(600);
        }

        assertThat(importErr.toString()).contains("\r").contains("4/8 MB").doesNotContain("4194304");
        assertThat(sendErr.toString()).contains("600/1200 mails");
    }

    @Test
    void withoutATerminalProgressIsAPlainLineNowAndThenAndOneAtTheEnd() {
        StringWriter err = new StringWriter();
        try (Progress.Lines p = new Progress.Lines("Import", 4096, Progress::bytes, new PrintWriter(err, true), Duration.ZERO)) {
            p.stepTo(1024);
            p.note("1 failed");
            p.stepTo(2048);
        }

        assertThat(err.toString()).doesNotContain("\r");
        String[] lines = err.toString().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("Import: 1.0 KB of 4.0 KB (25%), 0 s");
        assertThat(err.toString()).contains("Import: 2.0 KB of 4.0 KB (50%), 0 s, 1 failed");
        assertThat(Progress.bytes(812)).isEqualTo("812 B");
        assertThat(Progress.bytes(40L << 20)).isEqualTo("40.0 MB");
    }

    @Test
    void theDatabaseFileOfAnH2UrlIsFoundWhateverItsForm() {
        assertThat(DatabaseCheck.h2File("jdbc:h2:file:/srv/verdict/data/verdict;AUTO_SERVER=TRUE"))
                .isEqualTo(Path.of("/srv/verdict/data/verdict"));
        assertThat(DatabaseCheck.h2File("jdbc:h2:/srv/db")).isEqualTo(Path.of("/srv/db"));
        assertThat(DatabaseCheck.h2File("jdbc:h2:~/db;MODE=PostgreSQL")).isEqualTo(Path.of(System.getProperty("user.home"), "db"));
        assertThat(DatabaseCheck.h2File("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isNull();
        assertThat(DatabaseCheck.h2File("jdbc:h2:tcp://host/db")).isNull();
        assertThat(DatabaseCheck.h2File("jdbc:postgresql://host/db")).isNull();
    }
}
