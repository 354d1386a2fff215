package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** import-json and export-json run in-process against a real database, H2 and PostgreSQL. */
class JsonImportExportCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run cli(Map<String, Object> db, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VerdictCli.commandLine(new VerdictCli(db));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Map<String, Object> freshDatabase(TestDatabase db) {
        return Map.of("spring.datasource.url", db.freshUrl(),
                "spring.datasource.username", db == TestDatabase.POSTGRES ? "postgres" : "sa",
                "spring.datasource.password", "");
    }

    Path demoCatalog() throws IOException {
        Path file = dir.resolve("demo.json");
        try (InputStream in = getClass().getResourceAsStream("/demo/catalog.json")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @StoreTest
    void exportImportExportIsByteIdentical(TestDatabase db) throws IOException {
        Map<String, Object> first = freshDatabase(db);
        Run imported = cli(first, "import-json", demoCatalog().toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        Path one = dir.resolve("one.json");
        assertThat(cli(first, "export-json", one.toString()).out()).contains("5 comparisons exported");

        Map<String, Object> second = freshDatabase(db);
        Run reimported = cli(second, "import-json", one.toString());
        assertThat(reimported.exit()).as(reimported.err()).isZero();
        assertThat(reimported.out()).contains("5 created").contains("tools: 6 created");
        Path two = dir.resolve("two.json");
        cli(second, "export-json", two.toString());

        assertThat(Files.readAllBytes(two)).isEqualTo(Files.readAllBytes(one));
        String exported = Files.readString(one);
        assertThat(exported).contains("\"publishedAt\": \"").contains("\"firstSeenAt\": \"")
                .contains("\"persona\": \"Builder\"").contains("\"verdict\": \"skip\"");
        assertThat(exported.indexOf("Mistral Medium 3")).isLessThan(exported.indexOf("Quillpath Review Agent"));
    }

    @Test
    void importingTheSameFileTwiceCreatesNothingTheSecondTime() throws IOException {
        Map<String, Object> db = freshDatabase(TestDatabase.H2);
        Path file = demoCatalog();
        assertThat(cli(db, "import-json", file.toString()).out()).isEqualTo(file
                + ": comparisons: 5 read, 5 created, 0 updated, 0 unchanged; tools: 6 created, 0 updated; 0 errors\n");

        Run again = cli(db, "import-json", file.toString());

        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("5 read, 0 created, 0 updated, 5 unchanged; tools: 0 created, 0 updated");
    }

    @Test
    void aBadComparisonIsReportedWithItsPlaceAndTheOthersStillImport() throws IOException {
        Path file = dir.resolve("mixed.json");
        Files.writeString(file, """
                {
                  "format": "verdict-digest/catalog",
                  "version": 1,
                  "comparisons": [
                    {"a": {"tool": {"name": "Alpha"}}, "b": {"tool": {"name": "Beta"}}},
                    {"a": {"tool": {"name": "Alpha"}}, "b": {"tool": {"name": "Gamma"},
                      "reviews": [{"persona": "Builder", "text": "x", "score": 140}]}},
                    {"a": {"tool": {"name": "Beta"}}, "b": {"tool": {"name": "Gamma"}}}
                  ]
                }
                """);
        Map<String, Object> db = freshDatabase(TestDatabase.H2);

        Run run = cli(db, "import-json", file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(file
                + ":7:64: comparisons[1].b.reviews[0].score: must be between 0 and 100, was 140\n");
        assertThat(run.out()).contains("3 read, 2 created").contains("tools: 3 created").contains("1 error");
        assertThat(cli(db, "export-json", "-").out()).contains("alpha-vs-beta").contains("beta-vs-gamma")
                .doesNotContain("alpha-vs-gamma");
    }

    @Test
    void aFileThatIsNotACatalogImportsNothing() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"format\": \"verdict-digest/catalog\", \"version\": 1, \"comparisons\": [\n  {\"a\": }\n]}");

        Run run = cli(freshDatabase(TestDatabase.H2), "import-json", file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: " + file + ":2:9: malformed JSON: ").contains("nothing imported");
    }

    @Test
    void aMissingFileIsOneClearLine() {
        Run run = cli(freshDatabase(TestDatabase.H2), "import-json", dir.resolve("nope.json").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("error: " + dir.resolve("nope.json") + ": no such file");
    }
}
