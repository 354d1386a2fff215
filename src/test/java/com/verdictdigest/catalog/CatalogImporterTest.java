package com.verdictdigest.catalog;

import com.verdictdigest.system.FieldError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The catalog store, on H2 and on PostgreSQL: migrations, identity of tools, idempotent import. */
class CatalogImporterTest {

    static final Instant T0 = Instant.parse("2026-11-16T09:00:00Z");

    static CatalogImporter importer(JdbcClient jdbc, Instant now) {
        return new CatalogImporter(new CatalogRepository(jdbc), Clock.fixed(now, ZoneOffset.UTC));
    }

    static ComparisonInput mixtralVsCodestral(String codestralTagline) {
        return new ComparisonInput(null, null,
                new SideInput(new ToolInput("Mixtral 8x24B", null, "Developer Tools", "Sparse MoE", "Long text",
                        "Free", "Entry", null, null),
                        new Panel(Verdict.SHIP, 4, 0, 100), new Decision("No community votes yet", "Free", "MoE", "Developer Tools"),
                        List.of(new Review(Persona.BUILDER, "Clean primitive.", 88, Verdict.SHIP),
                                new Review(Persona.FOUNDER, "Real buyer.", 78, Verdict.SHIP))),
                new SideInput(new ToolInput("Codestral 2.1", null, "Developer Tools", codestralTagline, null,
                        "Free", "Entry", 61, null),
                        new Panel(Verdict.SHIP, 3, 1, 75), Decision.NONE,
                        List.of(new Review(Persona.FOUNDER, "No moat.", 55, Verdict.SKIP))));
    }

    @StoreTest
    void storesAComparisonAndReadsItBackFieldByField(TestDatabase db) {
        JdbcClient jdbc = db.freshClient();
        CatalogImporter.Outcome outcome = importer(jdbc, T0).store(mixtralVsCodestral("256K context"), null);

        assertThat(outcome.comparison()).isEqualTo(CatalogImporter.Change.CREATED);
        assertThat(outcome.toolsCreated()).isEqualTo(2);
        Comparison c = new CatalogRepository(jdbc).findComparisonBySlug("mixtral-8x24b-vs-codestral-2-1").orElseThrow();
        assertThat(c.publishedAt()).isEqualTo(T0);
        assertThat(c.a().tool().name()).isEqualTo("Mixtral 8x24B");
        assertThat(c.a().panel()).isEqualTo(new Panel(Verdict.SHIP, 4, 0, 100));
        assertThat(c.a().decision().community()).isEqualTo("No community votes yet");
        assertThat(c.a().reviews()).extracting(Review::persona).containsExactly(Persona.BUILDER, Persona.FOUNDER);
        assertThat(c.b().review(Persona.FOUNDER).orElseThrow())
                .isEqualTo(new Review(Persona.FOUNDER, "No moat.", 55, Verdict.SKIP));
        assertThat(c.b().tool().communityPct()).isEqualTo(61);
        assertThat(c.b().tool().firstSeenAt()).isEqualTo(T0);
    }

    @StoreTest
    void reimportingTheSameComparisonChangesNothingAndKeepsItsPublishedTime(TestDatabase db) {
        JdbcClient jdbc = db.freshClient();
        importer(jdbc, T0).store(mixtralVsCodestral("256K context"), null);

        CatalogImporter.Outcome again = importer(jdbc, T0.plusSeconds(3600))
                .store(mixtralVsCodestral("256K context"), Instant.parse("2026-11-20T00:00:00Z"));

        assertThat(again.comparison()).isEqualTo(CatalogImporter.Change.UNCHANGED);
        assertThat(again.toolsCreated()).isZero();
        assertThat(again.toolsUpdated()).isZero();
        assertThat(new CatalogRepository(jdbc).findComparisonsPage(null, null, 1000)).singleElement()
                .extracting(Comparison::publishedAt).isEqualTo(T0);
    }

    @StoreTest
    void aToolSeenAgainIsUpdatedNeverDuplicated(TestDatabase db) {
        JdbcClient jdbc = db.freshClient();
        CatalogRepository repo = new CatalogRepository(jdbc);
        importer(jdbc, T0).store(mixtralVsCodestral("256K context"), null);

        CatalogImporter.Outcome changed = importer(jdbc, T0.plusSeconds(60)).store(mixtralVsCodestral("Now 512K"), null);

        assertThat(changed.toolsCreated()).isZero();
        assertThat(changed.toolsUpdated()).isEqualTo(1);
        assertThat(repo.countTools()).isEqualTo(2);
        Tool codestral = repo.findToolByNameKey(Names.key("CODESTRAL  2.1")).orElseThrow();
        assertThat(codestral.tagline()).isEqualTo("Now 512K");
        assertThat(codestral.firstSeenAt()).isEqualTo(T0);
    }

    @StoreTest
    void anInvalidComparisonWritesNothing(TestDatabase db) {
        JdbcClient jdbc = db.freshClient();
        ComparisonInput ok = mixtralVsCodestral("x");
        ComparisonInput bad = new ComparisonInput(null, null, ok.a(), new SideInput(ok.b().tool(),
                new Panel(null, null, null, 140), null, List.of(new Review(Persona.SKEPTIC, " ", 101, null))));

        assertThatThrownBy(() -> importer(jdbc, T0).store(bad, null))
                .isInstanceOfSatisfying(InvalidComparisonException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactly("b.panel.shipPct", "b.reviews[0].text", "b.reviews[0].score"));
        assertThat(new CatalogRepository(jdbc).countTools()).isZero();
    }

    @StoreTest
    void aNewToolIsFirstSeenWhenItsFirstComparisonWasPublished(TestDatabase db) {
        JdbcClient jdbc = db.freshClient();
        Instant lastWeek = T0.minus(java.time.Duration.ofDays(7));

        importer(jdbc, T0).store(mixtralVsCodestral("x"), lastWeek);

        assertThat(new CatalogRepository(jdbc).findToolsFirstSeenBetween(lastWeek.minusSeconds(1), lastWeek))
                .extracting(Tool::name).containsExactlyInAnyOrder("Mixtral 8x24B", "Codestral 2.1");
        assertThat(new CatalogRepository(jdbc).findToolsFirstSeenBetween(lastWeek, T0)).isEmpty();
    }

    @StoreTest
    void pagesWalkTheCatalogOldestFirstFromAnyPosition(TestDatabase db) {
        JdbcClient jdbc = db.freshClient();
        CatalogImporter importer = importer(jdbc, T0);
        com.verdictdigest.digest.DigestFixtures.inputs().forEach(in -> importer.store(in, null));
        CatalogRepository repo = new CatalogRepository(jdbc);
        List<Comparison> all = repo.findComparisonsPage(null, null, 1000);
        assertThat(all).hasSizeGreaterThan(2);

        List<String> walked = new java.util.ArrayList<>();
        CatalogRepository.Position after = null;
        for (List<Comparison> page; !(page = repo.findComparisonsPage(null, after, 2)).isEmpty(); ) {
            assertThat(page).hasSizeLessThanOrEqualTo(2);
            page.forEach(c -> walked.add(c.slug()));
            after = repo.findPosition(page.get(page.size() - 1).slug()).orElseThrow();
        }
        assertThat(walked).isEqualTo(all.stream().map(Comparison::slug).toList());

        Instant since = all.get(1).publishedAt();
        assertThat(repo.findComparisonsPage(since, null, 100)).extracting(Comparison::slug)
                .isEqualTo(all.stream().filter(c -> c.publishedAt().isAfter(since)).map(Comparison::slug).toList());
        assertThat(repo.findPosition("no-such-comparison")).isEmpty();
    }
}
