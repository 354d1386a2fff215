package com.verdictdigest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The demo catalog file is valid, complete, and loads idempotently with its dates spread over the week. */
class DemoCatalogSeederTest {

    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    static DemoCatalogSeeder seeder(JdbcClient jdbc, Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new DemoCatalogSeeder(new CatalogImporter(new CatalogRepository(jdbc), clock), clock);
    }

    @Test
    void theDemoFileReadsWithoutAnyError() throws IOException {
        byte[] json;
        try (InputStream in = getClass().getResourceAsStream("/" + DemoCatalogSeeder.RESOURCE)) {
            json = in.readAllBytes();
        }
        CatalogJson.Document doc = CatalogJson.readDocument(json);

        assertThat(doc.entries()).hasSize(5).allSatisfy(e -> assertThat(e.errors()).isEmpty());
        List<ComparisonInput> comparisons = doc.entries().stream().map(CatalogJson.Entry::comparison).toList();
        assertThat(comparisons).allSatisfy(c -> {
            assertThat(c.publishedAt()).as("published times come from the seeder").isNull();
            assertThat(c.a().reviews()).hasSize(4);
            assertThat(c.b().reviews()).hasSize(4);
        });
    }

    @StoreTest
    void loadsFiveComparisonsAndSixToolsOnceOnly(TestDatabase db) {
        JdbcClient jdbc = db.freshClient();
        CatalogRepository repo = new CatalogRepository(jdbc);

        assertThat(seeder(jdbc, NOW).seed()).isEqualTo("Demo catalog: 5 comparisons, 6 tools (5 new comparisons, 6 new tools)");
        assertThat(repo.countComparisons()).isEqualTo(5);
        assertThat(repo.countTools()).isEqualTo(6);

        assertThat(seeder(jdbc, NOW.plus(Duration.ofDays(2))).seed()).isEqualTo("Demo catalog: 5 comparisons, 6 tools (0 new)");
        assertThat(repo.countComparisons()).isEqualTo(5);
        assertThat(repo.findComparisonsPage(null, null, 1000)).extracting(Comparison::publishedAt)
                .as("a second run moves no published time")
                .containsExactly(NOW.minus(Duration.ofDays(5)), NOW.minus(Duration.ofDays(4)),
                        NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)));
    }

    @Test
    void carriesTheFactsOfTheSamplePages() {
        JdbcClient jdbc = TestDatabase.H2.freshClient();
        seeder(jdbc, NOW).load();
        CatalogRepository repo = new CatalogRepository(jdbc);

        Comparison codestral = repo.findComparisonBySlug("mistral-8x24b-mixture-of-experts-vs-codestral-2-1").orElseThrow();
        assertThat(codestral.a().panel()).isEqualTo(new Panel(Verdict.SHIP, 4, 0, 100));
        assertThat(codestral.b().panel()).isEqualTo(new Panel(Verdict.SHIP, 3, 1, 75));
        assertThat(codestral.b().review(Persona.FOUNDER).orElseThrow())
                .extracting(Review::score, Review::verdict).containsExactly(55, Verdict.SKIP);
        assertThat(codestral.a().reviews()).extracting(Review::score).containsExactly(88, 82, 85, 78);
        assertThat(codestral.b().reviews()).extracting(Review::score).containsExactly(84, 78, 80, 55);

        Tool haiku = repo.findToolBySlug("claude-haiku-open-weights").orElseThrow();
        assertThat(haiku.pricing()).isEqualTo("Free");
        assertThat(repo.findToolBySlug("mistral-medium-3").orElseThrow().pricing()).isEqualTo("Paid");
        Comparison haikuVsMixtral = repo.findComparisonBySlug("claude-haiku-open-weights-vs-mistral-8x24b-mixture-of-experts")
                .orElseThrow();
        assertThat(haikuVsMixtral.a().panel().shipPct()).isEqualTo(50);
        assertThat(haiku.firstSeenAt()).as("first seen with its first comparison").isEqualTo(haikuVsMixtral.publishedAt());
    }
}
