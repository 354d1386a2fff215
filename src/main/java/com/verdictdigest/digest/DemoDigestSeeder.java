package com.verdictdigest.digest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.verdictdigest.catalog.CatalogRepository;
import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.system.DemoSeeder;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo's part of the digest: this week's issue from the demo catalog (loaded before, at
 * order 10), left as a draft for the editor to look at and approve (or approved at once when
 * approval is not required). Sending it is the delivery feature's part. The newest comparison is
 * left for the next issue ({@link DemoNextIssueSeeder}), which then shows what the demo's readers
 * voted on this one.
 */
@Component
@Order(30)
public class DemoDigestSeeder implements DemoSeeder {

    static final int FIRST = 1;

    private final DigestIssues issues;
    private final CatalogRepository catalog;
    private final Clock clock;

    public DemoDigestSeeder(DigestIssues issues, CatalogRepository catalog, Clock clock) {
        this.issues = issues;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public String seed() {
        Optional<Issue> existing = issues.list(1).stream().findFirst();
        if (existing.isPresent()) {
            return "Digest: issue #" + existing.get().number() + " already exists (" + existing.get().stateLabel() + ")";
        }
        Instant now = clock.instant();
        List<Comparison> newest = catalog.findComparisonsNewestFirst(1);
        if (newest.isEmpty()) {
            return "Digest: no catalog, no issue";
        }
        // The week up to just before the newest comparison (the catalog may be older than a week).
        Instant cutoff = newest.get(0).publishedAt().minusSeconds(1);
        Optional<Issue> created = issues.createIssue(cutoff.minus(Duration.ofDays(7)), cutoff, "demo");
        if (created.isEmpty()) {
            created = issues.createIssue(newest.get(0).publishedAt().minus(Duration.ofDays(7)), now, "demo");
        }
        return created.map(i -> {
            IssueSnapshot s = issues.snapshot(i.number());
            return "Digest: issue #" + i.number() + " (" + i.stateLabel() + ") with " + s.comparisons().size()
                    + " comparisons and " + s.newTools().size() + " new tools";
        }).orElse("Digest: nothing new, no issue");
    }

    @Override
    public List<String> links(String baseUrl) {
        String preview = issues.find(FIRST).map(i -> baseUrl + "/editor/issues/" + i.number()).orElse(baseUrl + "/editor");
        // Labels padded like the other seeders' lines, so the URLs line up.
        return List.of(String.format("%-18s%s", "Editor:", baseUrl + "/editor"),
                String.format("%-18s%s", "Digest preview:", preview),
                String.format("%-18s%s", "Archive:", baseUrl + "/archive"));
    }
}
