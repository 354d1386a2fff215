package com.verdictdigest.catalog;

import com.verdictdigest.system.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.verdictdigest.system.SqlTime;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores comparisons from any source. One comparison is one transaction: it lands whole or not
 * at all. Tools are matched by normalised name, so a tool seen on many pages is stored once and
 * updated in place; a re-import that states nothing new changes nothing.
 */
@Service
public class CatalogImporter {

    public enum Change { CREATED, UPDATED, UNCHANGED }

    /** What storing one comparison did. */
    public record Outcome(String slug, Change comparison, int toolsCreated, int toolsUpdated) {
    }

    private final CatalogRepository repository;
    private final Clock clock;

    public CatalogImporter(CatalogRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * @param publishedIfNew the published time of a comparison that is new and states none
     *                       itself; null means now. An existing comparison's time never moves.
     */
    @Transactional
    public Outcome store(ComparisonInput in, Instant publishedIfNew) {
        ComparisonValidator.check(in);
        Instant now = SqlTime.now(clock);
        Instant published = in.publishedAt() != null ? in.publishedAt()
                : publishedIfNew != null ? publishedIfNew : now;
        // A tool first appears with its first comparison: a page imported with an earlier
        // published time must not make its tools "new" in a later week's digest.
        ToolResult a = storeTool(in.a().tool(), published, now);
        ToolResult b = storeTool(in.b().tool(), published, now);
        int created = (a.created ? 1 : 0) + (b.created ? 1 : 0);
        int updated = (a.updated ? 1 : 0) + (b.updated ? 1 : 0);

        String slug = in.slug() != null ? in.slug() : Names.comparisonSlug(a.tool.name(), b.tool.name());
        Optional<Long> existing = repository.findComparisonIdByTools(a.tool.id(), b.tool.id());
        if (existing.isEmpty()) {
            if (repository.findComparisonIdBySlug(slug).isPresent()) {
                throw new InvalidComparisonException(List.of(
                        new FieldError("slug", "'" + slug + "' is already used by a comparison of other tools")));
            }
            long id = repository.insertComparison(slug, a.tool.id(), b.tool.id(), published, now);
            writeSides(id, a.tool, in.a(), b.tool, in.b());
            return new Outcome(slug, Change.CREATED, created, updated);
        }

        long id = existing.get();
        Comparison stored = repository.findComparison(id).orElseThrow();
        if (sameContent(stored.a(), in.a()) && sameContent(stored.b(), in.b())) {
            return new Outcome(stored.slug(), Change.UNCHANGED, created, updated);
        }
        repository.deleteSidesAndReviews(id);
        writeSides(id, a.tool, in.a(), b.tool, in.b());
        repository.touchComparison(id, now);
        return new Outcome(stored.slug(), Change.UPDATED, created, updated);
    }

    private void writeSides(long id, Tool toolA, SideInput a, Tool toolB, SideInput b) {
        repository.insertSide(id, 'A', toolA.id(), a.panel(), a.decision());
        repository.insertSide(id, 'B', toolB.id(), b.panel(), b.decision());
        for (Review r : a.reviews()) {
            repository.insertReview(id, toolA.id(), r);
        }
        for (Review r : b.reviews()) {
            repository.insertReview(id, toolB.id(), r);
        }
    }

    private static boolean sameContent(ComparisonSide stored, SideInput in) {
        return stored.panel().equals(in.panel()) && stored.decision().equals(in.decision())
                && byPersona(stored.reviews()).equals(byPersona(in.reviews()));
    }

    private static List<Review> byPersona(List<Review> reviews) {
        return reviews.stream().sorted(Comparator.comparing(Review::persona)).toList();
    }

    private record ToolResult(Tool tool, boolean created, boolean updated) {
    }

    private ToolResult storeTool(ToolInput in, Instant firstSeenIfNew, Instant now) {
        String key = Names.key(in.name());
        Optional<Tool> found = repository.findToolByNameKey(key);
        if (found.isEmpty()) {
            String slug = uniqueSlug(in.slug() != null ? in.slug() : Names.slug(in.name()));
            Instant firstSeen = in.firstSeenAt() != null ? in.firstSeenAt() : firstSeenIfNew;
            repository.insertTool(key, slug, in, firstSeen, now);
            return new ToolResult(repository.findToolBySlug(slug).orElseThrow(), true, false);
        }
        Tool old = found.get();
        // A source that leaves a field out does not erase what another source stated.
        Tool merged = new Tool(old.id(), old.slug(), in.name().strip(),
                pick(in.category(), old.category()), pick(in.tagline(), old.tagline()),
                pick(in.description(), old.description()), pick(in.pricing(), old.pricing()),
                pick(in.positioning(), old.positioning()), pick(in.communityPct(), old.communityPct()),
                old.firstSeenAt());
        if (merged.equals(old)) {
            return new ToolResult(old, false, false);
        }
        repository.updateTool(old.id(), merged, now);
        return new ToolResult(merged, false, true);
    }

    private String uniqueSlug(String base) {
        String slug = base;
        for (int n = 2; repository.toolSlugTaken(slug); n++) {
            slug = base + "-" + n;
        }
        return slug;
    }

    private static <T> T pick(T incoming, T old) {
        return incoming != null ? incoming : old;
    }
}
