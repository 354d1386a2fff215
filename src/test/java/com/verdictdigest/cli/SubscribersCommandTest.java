package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.SqlTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine;

/** `subscribers ...` run in-process against a fresh H2 database and a real SMTP server. */
class SubscribersCommandTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    final String url = TestDatabase.H2.freshUrl();

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VerdictCli.commandLine(new VerdictCli(Map.of("spring.datasource.url", url,
                "spring.mail.host", "127.0.0.1", "spring.mail.port", smtp.getSmtp().getPort())));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    JdbcClient jdbc() {
        return JdbcClient.create(new DriverManagerDataSource(url, "sa", ""));
    }

    String status(String key) {
        return jdbc().sql("select status from subscriber where email_key = :k").param("k", key)
                .query(String.class).optional().orElse("(none)");
    }

    @Test
    void importDryRunThenImportThenExportAndErase() throws Exception {
        Path csv = dir.resolve("list.csv");
        Files.writeString(csv, """
                email,name,consent_source,consent_date
                alice@example.com,Alice,,
                bob@example.com,Bob,webinar 2024,2024-02-03
                broken@,X,,
                BOB@example.com,Bobby,,
                """);

        Run dry = run("subscribers", "import", csv.toString(), "--dry-run", "--no-progress");

        assertThat(dry.exit()).as(dry.err()).isEqualTo(2);
        assertThat(dry.out()).contains(
                "line 2: alice@example.com: would be added as pending and sent an opt-in mail",
                "line 3: bob@example.com: would be added as confirmed (consent: webinar 2024 on 2024-02-03T00:00:00Z)",
                "line 4: bad address 'broken@': 'broken@' is not of the form name@domain",
                "line 5: duplicate of line 3 (BOB@example.com), not imported",
                "Dry run: 4 rows: 1 would get an opt-in mail, 1 would be added as confirmed, 1 invalid, 1 duplicate in the file");
        assertThat(status("alice@example.com")).isEqualTo("(none)");

        Run real = run("subscribers", "import", csv.toString(), "--errors-only");

        assertThat(real.exit()).isEqualTo(2);
        assertThat(real.out()).doesNotContain("line 2:").contains("line 4: bad address", "line 5: duplicate of line 3");
        // stderr is no terminal here: a plain line at the end, no bar frames redrawn with \r.
        assertThat(real.err()).contains("Import: ").contains("(100%)").doesNotContain("\r");
        assertThat(status("alice@example.com")).isEqualTo("pending");
        assertThat(status("bob@example.com")).isEqualTo("confirmed");
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        Path export = dir.resolve("out/confirmed.csv");
        // Statuses are written in lower case everywhere; the option takes any case.
        Run exported = run("subscribers", "export", "--status", "confirmed", export.toString());
        assertThat(exported.exit()).isZero();
        assertThat(exported.out()).contains("Wrote 1 subscribers (confirmed)");
        assertThat(Files.readAllLines(export)).hasSize(2).first().isEqualTo("email,name,status,created_at,confirmed_at,time_zone");
        assertThat(Files.readAllLines(export).get(1)).startsWith("bob@example.com,Bob,confirmed,");
        assertThat(run("subscribers", "export", "--status", "CONFIRMED", dir.resolve("out/upper.csv").toString()).exit()).isZero();
        assertThat(run("subscribers", "export", "--help").out()).contains("pending, confirmed, unsubscribed");

        Run erased = run("subscribers", "remove", "bob@example.com", "--erase");
        assertThat(erased.exit()).isZero();
        assertThat(status("bob@example.com")).isEqualTo("(none)");
        assertThat(jdbc().sql("select reason from suppression").query(String.class).list()).containsExactly("erased");

        Run again = run("subscribers", "import", csv.toString(), "--no-progress");
        assertThat(again.out()).contains("line 2: alice@example.com is already in the list (pending), not imported",
                "line 3: bob@example.com is on the suppression list (never mailed again), not imported");
        assertThat(status("bob@example.com")).isEqualTo("(none)");
    }

    @Test
    void addRemoveAndPurgePending() throws Exception {
        Run added = run("subscribers", "add", "Carol@Example.com", "--name", "Carol");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("Added Carol@Example.com").contains("opt-in mail sent");
        assertThat(smtp.getReceivedMessages()).singleElement()
                .satisfies(m -> assertThat(m.getAllRecipients()[0].toString()).isEqualTo("Carol@example.com"));

        Run twice = run("subscribers", "add", "carol@example.com");
        assertThat(twice.exit()).isEqualTo(3);
        assertThat(twice.err()).contains("carol@example.com is already in the list (pending)");

        Run bad = run("subscribers", "add", "carol@@example.com");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("bad address");

        Run removed = run("subscribers", "remove", "CAROL@example.com");
        assertThat(removed.exit()).isZero();
        assertThat(status("carol@example.com")).isEqualTo("unsubscribed");
        assertThat(run("subscribers", "remove", "nobody@example.com").exit()).isEqualTo(3);

        run("subscribers", "add", "old@example.com");
        run("subscribers", "add", "new@example.com");
        jdbc().sql("update subscriber set created_at = :t, updated_at = :t where email_key = 'old@example.com'")
                .param("t", SqlTime.ts(Instant.now().minusSeconds(8 * 86400))).update();

        Run purged = run("subscribers", "purge-pending");

        assertThat(purged.out()).contains("Purged 1 pending sign-ups older than 7 days.");
        assertThat(status("old@example.com")).isEqualTo("(none)");
        assertThat(status("new@example.com")).isEqualTo("pending");
        assertThat(status("carol@example.com")).isEqualTo("unsubscribed");
    }

    @Test
    void eraseRemovesThePersonFromTheListAndTheServersExportsAndKeepsTheHash() throws Exception {
        Path exports = Files.createDirectories(dir.resolve("exports"));
        Files.writeString(exports.resolve("subscribers-all.csv"), """
                email,name,status,created_at,confirmed_at
                dana@example.com,Dana,confirmed,2026-11-01T00:00:00Z,2026-11-01T00:00:00Z
                eve@example.com,Eve,confirmed,2026-11-01T00:00:00Z,2026-11-01T00:00:00Z
                """);
        Path csv = dir.resolve("list.csv");
        Files.writeString(csv, "email,name,consent_source,consent_date\ndana@example.com,Dana,fair 2025,2025-05-01\n");
        assertThat(run("subscribers", "import", csv.toString(), "--no-progress").exit()).isZero();

        StringWriter out = new StringWriter();
        CommandLine cl = VerdictCli.commandLine(new VerdictCli(Map.of("spring.datasource.url", url,
                "verdict.subscribers.admin.export-dir", exports.toString())));
        cl.setOut(new PrintWriter(out, true));
        int exit = cl.execute("subscribers", "erase", "DANA@example.com");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Erased DANA@example.com and everything held about it; its hash stays on the suppression list.");
        assertThat(status("dana@example.com")).isEqualTo("(none)");
        assertThat(jdbc().sql("select reason from suppression").query(String.class).list()).containsExactly("erased");
        assertThat(Files.readString(exports.resolve("subscribers-all.csv"))).doesNotContain("dana").contains("eve@example.com");

        Run stranger = run("subscribers", "erase", "frank@example.com");
        assertThat(stranger.exit()).isZero();
        assertThat(stranger.out()).contains("frank@example.com was no subscriber's; erased wherever else it was held");
        assertThat(jdbc().sql("select count(*) from suppression").query(Long.class).single()).isEqualTo(2);
    }
}
