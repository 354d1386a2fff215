package com.verdictdigest.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import static com.verdictdigest.system.SqlTime.instant;
import static com.verdictdigest.system.SqlTime.ts;
import org.springframework.stereotype.Repository;

/** The catalog's SQL, one statement per method, named after what it does. */
@Repository
public class CatalogRepository {

    private static final String TOOL_COLUMNS = """
            t.id, t.slug, t.name, t.category, t.tagline, t.description, t.pricing, t.positioning,
            t.community_pct, t.first_seen_at""";

    private final JdbcClient jdbc;

    public CatalogRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- tools

    public Optional<Tool> findToolByNameKey(String nameKey) {
        return jdbc.sql("select " + TOOL_COLUMNS + " from tool t where t.name_key = :key")
                .param("key", nameKey)
                .query(CatalogRepository::tool)
                .optional();
    }

    public Optional<Tool> findTool(long id) {
        return jdbc.sql("select " + TOOL_COLUMNS + " from tool t where t.id = :id")
                .param("id", id)
                .query(CatalogRepository::tool)
                .optional();
    }

    public Optional<Tool> findToolBySlug(String slug) {
        return jdbc.sql("select " + TOOL_COLUMNS + " from tool t where t.slug = :slug")
                .param("slug", slug)
                .query(CatalogRepository::tool)
                .optional();
    }

    /** The distinct tool categories, A to Z: what subscribers can choose from. */
    public List<String> findToolCategories() {
        return jdbc.sql("select distinct category from tool where category is not null order by category")
                .query(String.class).list();
    }

    public boolean toolSlugTaken(String slug) {
        return jdbc.sql("select count(*) from tool where slug = :slug").param("slug", slug)
                .query(Long.class).single() > 0;
    }

    public long insertTool(String nameKey, String slug, ToolInput in, Instant firstSeenAt, Instant now) {
        jdbc.sql("""
                insert into tool (name_key, slug, name, category, tagline, description, pricing, positioning,
                                  community_pct, first_seen_at, updated_at)
                values (:nameKey, :slug, :name, :category, :tagline, :description, :pricing, :positioning,
                        :communityPct, :firstSeenAt, :now)""")
                .param("nameKey", nameKey)
                .param("slug", slug)
                .param("name", in.name().strip())
                .param("category", in.category())
                .param("tagline", in.tagline())
                .param("description", in.description())
                .param("pricing", in.pricing())
                .param("positioning", in.positioning())
                .param("communityPct", in.communityPct())
                .param("firstSeenAt", ts(firstSeenAt))
                .param("now", ts(now))
                .update();
        return jdbc.sql("select id from tool where name_key = :nameKey").param("nameKey", nameKey)
                .query(Long.class).single();
    }

    /** Replaces what a source may change; identity, slug and first-seen time stay. */
    public void updateTool(long id, Tool merged, Instant now) {
        jdbc.sql("""
                update tool
                   set name = :name, category = :category, tagline = :tagline, description = :description,
                       pricing = :pricing, positioning = :positioning, community_pct = :communityPct,
                       updated_at = :now
                 where id = :id""")
                .param("name", merged.name())
                .param("category", merged.category())
                .param("tagline", merged.tagline())
                .param("description", merged.description())
                .param("pricing", merged.pricing())
                .param("positioning", merged.positioning())
                .param("communityPct", merged.communityPct())
                .param("now", ts(now))
                .param("id", id)
                .update();
    }

    public List<Tool> findToolsFirstSeenBetween(Instant fromExclusive, Instant toInclusive) {
        return jdbc.sql("select " + TOOL_COLUMNS + """
                 from tool t
                where t.first_seen_at > :from and t.first_seen_at <= :to
                order by t.first_seen_at, t.name""")
                .param("from", ts(fromExclusive))
                .param("to", ts(toInclusive))
                .query(CatalogRepository::tool)
                .list();
    }

    public long countTools() {
        return jdbc.sql("select count(*) from tool").query(Long.class).single();
    }

    // ---- comparisons

    public Optional<Long> findComparisonIdBySlug(String slug) {
        return jdbc.sql("select id from comparison where slug = :slug").param("slug", slug)
                .query(Long.class).optional();
    }

    public Optional<Long> findComparisonIdByTools(long toolA, long toolB) {
        return jdbc.sql("select id from comparison where tool_a_id = :a and tool_b_id = :b")
                .param("a", toolA).param("b", toolB)
                .query(Long.class).optional();
    }

    public long insertComparison(String slug, long toolA, long toolB, Instant publishedAt, Instant now) {
        jdbc.sql("""
                insert into comparison (slug, tool_a_id, tool_b_id, published_at, updated_at)
                values (:slug, :a, :b, :publishedAt, :now)""")
                .param("slug", slug).param("a", toolA).param("b", toolB)
                .param("publishedAt", ts(publishedAt)).param("now", ts(now))
                .update();
        return findComparisonIdBySlug(slug).orElseThrow();
    }

    public void touchComparison(long id, Instant now) {
        jdbc.sql("update comparison set updated_at = :now where id = :id")
                .param("now", ts(now)).param("id", id).update();
    }

    /** Sides and reviews are written whole: a changed comparison has both deleted and re-inserted. */
    public void deleteSidesAndReviews(long comparisonId) {
        jdbc.sql("delete from review where comparison_id = :id").param("id", comparisonId).update();
        jdbc.sql("delete from comparison_side where comparison_id = :id").param("id", comparisonId).update();
    }

    public void insertSide(long comparisonId, char side, long toolId, Panel panel, Decision decision) {
        jdbc.sql("""
                insert into comparison_side (comparison_id, side, tool_id, verdict, ship_count, skip_count, ship_pct,
                                             community, pricing_detail, best_for, category)
                values (:comparisonId, :side, :toolId, :verdict, :shipCount, :skipCount, :shipPct,
                        :community, :pricing, :bestFor, :category)""")
                .param("comparisonId", comparisonId)
                .param("side", String.valueOf(side))
                .param("toolId", toolId)
                .param("verdict", panel.verdict() == null ? null : panel.verdict().label())
                .param("shipCount", panel.shipCount())
                .param("skipCount", panel.skipCount())
                .param("shipPct", panel.shipPct())
                .param("community", decision.community())
                .param("pricing", decision.pricing())
                .param("bestFor", decision.bestFor())
                .param("category", decision.category())
                .update();
    }

    public void insertReview(long comparisonId, long toolId, Review review) {
        jdbc.sql("""
                insert into review (comparison_id, tool_id, persona, body, score, verdict)
                values (:comparisonId, :toolId, :persona, :body, :score, :verdict)""")
                .param("comparisonId", comparisonId)
                .param("toolId", toolId)
                .param("persona", review.persona().label())
                .param("body", review.text())
                .param("score", review.score())
                .param("verdict", review.verdict() == null ? null : review.verdict().label())
                .update();
    }

    public Optional<Comparison> findComparison(long id) {
        return loadComparisons("where c.id = :id", Map.of("id", id)).stream().findFirst();
    }

    public Optional<Comparison> findComparisonBySlug(String slug) {
        return loadComparisons("where c.slug = :slug", Map.of("slug", slug)).stream().findFirst();
    }

    /** These comparisons, without the review texts, in no particular order (unknown ids are left out). */
    public List<Comparison> findComparisonsWithoutReviews(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return loadComparisons("where c.id in (:ids) order by c.id", Map.of("ids", List.copyOf(ids)), false);
    }

    /** Newest first, without the review texts (the catalog page and the demo show none of them). */
    public List<Comparison> findComparisonsNewestFirst(int limit) {
        return loadComparisons("order by c.published_at desc, c.id desc fetch first :limit rows only",
                Map.of("limit", limit), false);
    }

    /**
     * Newest first, without reviews: the comparisons one of whose tools has a name containing
     * {@code text} (any case) and, when {@code category} is not empty, one of whose tools is in it.
     */
    public List<Comparison> findComparisonsMatching(String text, String category, int limit) {
        String pattern = "%" + text.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        return loadComparisons("""
                where (:text = '' or exists (select 1 from comparison_side s join tool t on t.id = s.tool_id
                                               where s.comparison_id = c.id and lower(t.name) like :pattern escape '\\'))
                  and (:category = '' or exists (select 1 from comparison_side s join tool t on t.id = s.tool_id
                                                  where s.comparison_id = c.id and t.category = :category))
                order by c.published_at desc, c.id desc fetch first :limit rows only""",
                Map.of("text", text, "pattern", pattern, "category", category, "limit", limit), false);
    }

    public List<Comparison> findComparisonsPublishedBetween(Instant fromExclusive, Instant toInclusive) {
        return loadComparisons("""
                where c.published_at > :from and c.published_at <= :to
                order by c.published_at, c.id""", Map.of("from", ts(fromExclusive), "to", ts(toInclusive)));
    }

    /** Where a comparison stands in the oldest-first order: the key a page after it starts from. */
    public record Position(Instant publishedAt, long id) {

        public static Position of(Comparison c) {
            return new Position(c.publishedAt(), c.id());
        }
    }

    public Optional<Position> findPosition(String slug) {
        return jdbc.sql("select published_at, id from comparison where slug = :slug").param("slug", slug)
                .query((rs, n) -> new Position(instant(rs, "published_at"), rs.getLong("id"))).optional();
    }

    /** Before anything a catalog holds: stands in for "no lower bound" in the page query. */
    private static final Instant BEGINNING = Instant.parse("0001-01-01T00:00:00Z");

    /**
     * Oldest first: published after {@code sinceExclusive}, and after {@code after} in that order
     * (either may be null), at most {@code limit}. Walks a catalog of any size in bounded pages
     * (the export, the API).
     */
    public List<Comparison> findComparisonsPage(Instant sinceExclusive, Position after, int limit) {
        Position from = after == null ? new Position(BEGINNING, 0) : after;
        return loadComparisons("""
                where c.published_at > :since
                  and (c.published_at > :afterAt or (c.published_at = :afterAt and c.id > :afterId))
                order by c.published_at, c.id fetch first :limit rows only""",
                Map.of("since", ts(sinceExclusive == null ? BEGINNING : sinceExclusive), "afterAt", ts(from.publishedAt()),
                        "afterId", from.id(), "limit", limit));
    }

    public long countComparisons() {
        return jdbc.sql("select count(*) from comparison").query(Long.class).single();
    }

    private List<Comparison> loadComparisons(String whereAndOrder, Map<String, ?> params) {
        return loadComparisons(whereAndOrder, params, true);
    }

    /** Comparisons with their two sides, and their reviews when asked for (up to 8 long texts each). */
    private List<Comparison> loadComparisons(String whereAndOrder, Map<String, ?> params, boolean withReviews) {
        record Head(long id, String slug, Instant publishedAt) {
        }
        List<Head> heads = jdbc.sql("select c.id, c.slug, c.published_at from comparison c " + whereAndOrder)
                .params(params)
                .query((rs, n) -> new Head(rs.getLong("id"), rs.getString("slug"), instant(rs, "published_at")))
                .list();
        if (heads.isEmpty()) {
            return List.of();
        }
        List<Long> ids = heads.stream().map(Head::id).toList();

        Map<Long, Map<Long, List<Review>>> reviews = new HashMap<>();
        if (withReviews) {
            jdbc.sql("""
                    select r.comparison_id, r.tool_id, r.persona, r.body, r.score, r.verdict
                      from review r
                     where r.comparison_id in (:ids)""")
                    .param("ids", ids)
                    .query((ResultSet rs) -> {
                        Review review = new Review(Persona.fromLabel(rs.getString("persona")), rs.getString("body"),
                                (Integer) rs.getObject("score", Integer.class), Verdict.fromLabel(rs.getString("verdict")));
                        reviews.computeIfAbsent(rs.getLong("comparison_id"), k -> new HashMap<>())
                                .computeIfAbsent(rs.getLong("tool_id"), k -> new ArrayList<>())
                                .add(review);
                    });
        }

        Map<Long, Map<String, ComparisonSide>> sides = new HashMap<>();
        jdbc.sql("select s.comparison_id, s.side, s.verdict, s.ship_count, s.skip_count, s.ship_pct, s.community, "
                        + "s.pricing_detail, s.best_for, s.category as side_category, " + TOOL_COLUMNS + """
                  from comparison_side s
                  join tool t on t.id = s.tool_id
                 where s.comparison_id in (:ids)""")
                .param("ids", ids)
                .query((ResultSet rs) -> {
                    long comparisonId = rs.getLong("comparison_id");
                    Tool tool = tool(rs, 0);
                    List<Review> toolReviews = new ArrayList<>(
                            reviews.getOrDefault(comparisonId, Map.of()).getOrDefault(tool.id(), List.of()));
                    toolReviews.sort(java.util.Comparator.comparing(Review::persona));
                    Panel panel = new Panel(Verdict.fromLabel(rs.getString("verdict")),
                            rs.getObject("ship_count", Integer.class), rs.getObject("skip_count", Integer.class),
                            rs.getObject("ship_pct", Integer.class));
                    Decision decision = new Decision(rs.getString("community"), rs.getString("pricing_detail"),
                            rs.getString("best_for"), rs.getString("side_category"));
                    sides.computeIfAbsent(comparisonId, k -> new HashMap<>())
                            .put(rs.getString("side"),
                                    new ComparisonSide(tool, panel, decision, List.copyOf(toolReviews)));
                });

        Map<Long, Comparison> byId = new LinkedHashMap<>();
        for (Head h : heads) {
            Map<String, ComparisonSide> s = sides.getOrDefault(h.id(), Map.of());
            byId.put(h.id(), new Comparison(h.id(), h.slug(), h.publishedAt(), s.get("A"), s.get("B")));
        }
        return List.copyOf(byId.values());
    }

    private static Tool tool(ResultSet rs, int rowNum) throws SQLException {
        return new Tool(rs.getLong("id"), rs.getString("slug"), rs.getString("name"), rs.getString("category"),
                rs.getString("tagline"), rs.getString("description"), rs.getString("pricing"),
                rs.getString("positioning"), rs.getObject("community_pct", Integer.class),
                instant(rs, "first_seen_at"));
    }
}
