package com.verdictdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.CatalogRepository;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.support.Config;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo's week: an issue from the catalog even when the catalog is older than a week; once
 * only. The newest comparison is left for the demo's next issue (which shows last week's votes).
 */
class DemoDigestSeederTest {

    @Test
    void createsTheWeeksIssueOnceAndLinksTheEditor() {
        JdbcClient jdbc = TestDatabase.H2.freshClient();
        Instant now = DigestFixtures.CUTOFF.plus(Duration.ofDays(10));
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        CatalogRepository catalog = new CatalogRepository(jdbc);
        CatalogImporter importer = new CatalogImporter(catalog, Clock.fixed(DigestFixtures.WINDOW_START, ZoneOffset.UTC));
        for (ComparisonInput in : DigestFixtures.inputs()) {
            importer.store(in, null);
        }
        DigestProperties props = Config.defaults(DigestProperties.class);
        DigestIssues issues = new DigestIssues(new DigestRepository(jdbc), catalog,
                new DigestRenderer(new EmailTemplates((String) null), DigestFixtures.site(), props), props,
                DigestFixtures.site(), clock);
        DemoDigestSeeder seeder = new DemoDigestSeeder(issues, catalog, clock);

        assertThat(seeder.seed()).isEqualTo("Digest: issue #1 (draft) with 2 comparisons and 4 new tools");
        assertThat(seeder.seed()).isEqualTo("Digest: issue #1 already exists (draft)");
        assertThat(issues.list(10)).hasSize(1);
        assertThat(seeder.links("http://localhost:8080")).containsExactly(
                "Editor:           http://localhost:8080/editor",
                "Digest preview:   http://localhost:8080/editor/issues/1",
                "Archive:          http://localhost:8080/archive");
    }

    @Test
    void theDemoCatalogMakesACleanDraftForTheEditor() {
        JdbcClient jdbc = TestDatabase.H2.freshClient();
        Clock clock = Clock.fixed(DigestFixtures.CUTOFF, ZoneOffset.UTC);
        CatalogRepository catalog = new CatalogRepository(jdbc);
        new com.verdictdigest.catalog.DemoCatalogSeeder(new CatalogImporter(catalog, clock), clock).seed();
        DigestProperties props = Config.defaults(DigestProperties.class);
        DigestRenderer renderer = new DigestRenderer(new EmailTemplates((String) null), DigestFixtures.site(), props);
        DigestIssues issues = new DigestIssues(new DigestRepository(jdbc), catalog, renderer, props,
                DigestFixtures.site(), clock);

        String line = new DemoDigestSeeder(issues, catalog, clock).seed();

        IssueSnapshot s = issues.snapshot(1);
        assertThat(line).isEqualTo("Digest: issue #1 (draft) with " + s.comparisons().size() + " comparisons and "
                + s.newTools().size() + " new tools");
        assertThat(s.comparisons()).hasSize((int) catalog.countComparisons() - 1)
                .noneMatch(c -> c.id() == catalog.findComparisonsNewestFirst(1).get(0).id());
        assertThat(renderer.renderShared(s).lint().findings()).isEmpty();
    }
}
