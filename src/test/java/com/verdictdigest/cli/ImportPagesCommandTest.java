package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.verdictdigest.catalog.CatalogRepository;
import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.catalog.ComparisonPageParser;
import com.verdictdigest.catalog.Persona;
import com.verdictdigest.catalog.Review;
import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.support.TestDatabase;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;

/** {@code import-pages} end to end, in process, on a fresh H2 database per test. */
class ImportPagesCommandTest {

    record Run(int exitCode, String out, String err) {
    }

    static final Path GOOD = resource("/pages/good");

    String url;
    CatalogRepository catalog;

    @BeforeEach
    void freshDatabase() {
        url = TestDatabase.H2.freshUrl();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        catalog = new CatalogRepository(JdbcClient.create(ds));
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VerdictCli.commandLine(new VerdictCli(Map.of("spring.datasource.url", url)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path resource(String name) {
        try {
            return Path.of(ImportPagesCommandTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void importingADirectoryStoresEveryPageAndPrintsALinePerFileAndTheSummary() throws IOException {
        Run r = run("import-pages", GOOD.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(
                "created   " + GOOD.resolve("parsegrid-vs-tabletalk.txt") + "  parsegrid-vs-tabletalk",
                "created   " + GOOD.resolve("quillstack-3-vs-parsegrid.txt") + "  quillstack-3-vs-parsegrid",
                "created   " + GOOD.resolve("tabletalk-vs-voxel-notes.txt") + "  tabletalk-vs-voxel-notes");
        // TableTalk is on two pages: created by the first, updated by the second, which states its community vote.
        assertThat(r.out()).endsWith("Files read: 3. Comparisons: 3 created, 0 updated, 0 unchanged. "
                + "Tools: 4 created, 1 updated. Errors: 0." + System.lineSeparator());
        assertThat(r.err()).isEmpty();
        assertThat(catalog.countTools()).isEqualTo(4);

        // What is stored is what the page states, field by field.
        for (String file : List.of("parsegrid-vs-tabletalk.txt", "quillstack-3-vs-parsegrid.txt")) {
            Comparison stored = catalog.findComparisonBySlug(file.replace(".txt", "")).orElseThrow();
            var parsed = ComparisonPageParser.parse(GOOD.resolve(file)).input();
            assertThat(stored.a().toInput().panel()).isEqualTo(parsed.a().panel());
            assertThat(stored.b().toInput().decision()).isEqualTo(parsed.b().decision());
            assertThat(stored.a().reviews()).containsExactlyElementsOf(parsed.a().reviews());
            assertThat(stored.b().reviews()).containsExactlyElementsOf(parsed.b().reviews());
        }
        Comparison full = catalog.findComparisonBySlug("parsegrid-vs-tabletalk").orElseThrow();
        assertThat(full.a().review(Persona.SKEPTIC).map(Review::score)).isEmpty();
        assertThat(full.a().review(Persona.FOUNDER).orElseThrow())
                .extracting(Review::score, Review::verdict).containsExactly(35, Verdict.SKIP);
        assertThat(full.b().tool().communityPct()).isEqualTo(64);
    }

    @Test
    void importingTheSamePagesAgainCreatesAndUpdatesNothing() {
        run("import-pages", GOOD.toString());
        Instant published = catalog.findComparisonBySlug("parsegrid-vs-tabletalk").orElseThrow().publishedAt();

        Run again = run("import-pages", GOOD.toString());

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("unchanged " + GOOD.resolve("parsegrid-vs-tabletalk.txt"))
                .contains("Files read: 3. Comparisons: 0 created, 0 updated, 3 unchanged. "
                        + "Tools: 0 created, 0 updated. Errors: 0.");
        assertThat(catalog.findComparisonBySlug("parsegrid-vs-tabletalk").orElseThrow().publishedAt())
                .isEqualTo(published);
    }

    @Test
    void publishedSetsTheTimeOfNewComparisonsAndNeverMovesAnExistingOne() {
        Path page = GOOD.resolve("quillstack-3-vs-parsegrid.txt");
        assertThat(run("import-pages", "--published", "2026-11-20", page.toString()).exitCode()).isZero();

        assertThat(run("import-pages", "--published", "2026-12-01T09:30:00Z", GOOD.toString()).exitCode()).isZero();

        assertThat(catalog.findComparisonBySlug("quillstack-3-vs-parsegrid").orElseThrow().publishedAt())
                .isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(catalog.findComparisonBySlug("tabletalk-vs-voxel-notes").orElseThrow().publishedAt())
                .isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
    }

    @Test
    void aDirectoryWithOneBadPageImportsTheOthersAndExitsWithOne(@TempDir Path dir) throws IOException {
        Files.copy(GOOD.resolve("parsegrid-vs-tabletalk.txt"), dir.resolve("a.txt"));
        Files.writeString(dir.resolve("b.txt"),
                Files.readString(GOOD.resolve("tabletalk-vs-voxel-notes.txt")).replace("\n50%\n", "\n150%\n"));
        Files.copy(GOOD.resolve("quillstack-3-vs-parsegrid.txt"), dir.resolve("c.txt"));
        Files.writeString(dir.resolve("notes.md"), "not a page, not read");

        Run r = run("import-pages", dir.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error     " + dir.resolve("b.txt")
                + ":39: expected a percentage 0-100 like \"75%\", found \"150%\"" + System.lineSeparator());
        assertThat(r.out()).contains("created   " + dir.resolve("a.txt"), "created   " + dir.resolve("c.txt"))
                .contains("Files read: 3. Comparisons: 2 created, 0 updated, 0 unchanged. "
                        + "Tools: 3 created, 0 updated. Errors: 1.");
        assertThat(catalog.countComparisons()).isEqualTo(2);
        assertThat(catalog.findComparisonBySlug("tabletalk-vs-voxel-notes")).isEmpty();
    }

    @Test
    void aPageTheCatalogRejectsIsReportedWithTheLineOfTheBadField(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("bell.txt");
        Files.writeString(page, Files.readString(GOOD.resolve("quillstack-3-vs-parsegrid.txt"))
                .replace("Turns scanned invoices", "Turns \u0007scanned invoices"));

        Run r = run("import-pages", page.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(page + ":17: b.tool.tagline: contains control characters");
        assertThat(catalog.countTools()).isZero();
    }

    @Test
    void aPathThatDoesNotExistIsAnErrorAndTheRestStillImports(@TempDir Path dir) {
        Path missing = dir.resolve("nope");

        Run r = run("import-pages", missing.toString(), GOOD.resolve("parsegrid-vs-tabletalk.txt").toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error     " + missing + ": no such file or directory");
        assertThat(r.out()).contains("Files read: 1. Comparisons: 1 created");
    }

    @Test
    void aPublishedValueThatIsNoDateIsAUsageError() {
        Run r = run("import-pages", "--published", "next friday", GOOD.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'next friday' is not an ISO date like 2026-11-20");
    }

    @Test
    void helpExplainsTheExitCodes() {
        Run r = run("import-pages", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("DIR|FILE", "--published", "Exit codes:",
                "1   at least one file failed; the others were imported");
    }
}
