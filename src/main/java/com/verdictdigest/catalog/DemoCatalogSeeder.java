package com.verdictdigest.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.verdictdigest.system.DemoSeeder;
import com.verdictdigest.system.SqlTime;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The demo's catalog: {@code demo/catalog.json} (six tools, five comparisons), published one a day
 * over the past five days so this week's digest has content. A second demo run on the same
 * database finds everything stored and changes nothing; published times never move.
 */
@Component
@Order(10)
public class DemoCatalogSeeder implements DemoSeeder {

    static final String RESOURCE = "demo/catalog.json";

    private final CatalogImporter importer;
    private final Clock clock;

    public DemoCatalogSeeder(CatalogImporter importer, Clock clock) {
        this.importer = importer;
        this.clock = clock;
    }

    /** What seeding stored, for the line demo prints and for tests. */
    public record Seeded(int comparisons, int tools, int comparisonsCreated, int toolsCreated) {
    }

    @Override
    public String seed() {
        Seeded s = load();
        String news = s.comparisonsCreated() == 0 && s.toolsCreated() == 0 ? "0 new"
                : s.comparisonsCreated() + " new comparisons, " + s.toolsCreated() + " new tools";
        return "Demo catalog: " + s.comparisons() + " comparisons, " + s.tools() + " tools (" + news + ")";
    }

    public Seeded load() {
        CatalogJson.Document doc = CatalogJson.readDocument(read());
        List<CatalogJson.Entry> entries = doc.entries();
        Instant now = SqlTime.now(clock);
        Set<String> tools = new HashSet<>();
        int created = 0;
        int toolsCreated = 0;
        for (CatalogJson.Entry entry : entries) {
            if (!entry.ok()) {
                throw new IllegalStateException(RESOURCE + ":" + doc.describe(entry.index(), entry.errors().get(0)));
            }
            // Oldest first: the first comparison five days ago, the last one yesterday.
            Instant published = now.minus(Duration.ofDays(entries.size() - entry.index()));
            ComparisonInput in = entry.comparison();
            in = new ComparisonInput(in.slug(), in.publishedAt(), firstSeen(in.a(), published),
                    firstSeen(in.b(), published));
            tools.add(Names.key(in.a().tool().name()));
            tools.add(Names.key(in.b().tool().name()));
            CatalogImporter.Outcome outcome = importer.store(in, published);
            created += outcome.comparison() == CatalogImporter.Change.CREATED ? 1 : 0;
            toolsCreated += outcome.toolsCreated();
        }
        return new Seeded(entries.size(), tools.size(), created, toolsCreated);
    }

    /** A tool new to the catalog is first seen with the comparison that brings it. */
    private static SideInput firstSeen(SideInput side, Instant published) {
        ToolInput t = side.tool();
        if (t.firstSeenAt() != null) {
            return side;
        }
        return new SideInput(new ToolInput(t.name(), t.slug(), t.category(), t.tagline(), t.description(),
                t.pricing(), t.positioning(), t.communityPct(), published), side.panel(), side.decision(),
                side.reviews());
    }

    private static byte[] read() {
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " is missing from the build", e);
        }
    }
}
