package com.verdictdigest.digest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.catalog.ComparisonSide;
import com.verdictdigest.catalog.Decision;
import com.verdictdigest.catalog.Names;
import com.verdictdigest.catalog.Panel;
import com.verdictdigest.catalog.Persona;
import com.verdictdigest.catalog.Review;
import com.verdictdigest.catalog.SideInput;
import com.verdictdigest.catalog.Tool;
import com.verdictdigest.catalog.ToolInput;
import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.system.SiteProperties;

/** A week of catalog content: a split panel, hostile text, a second category, a long review. */
public final class DigestFixtures {

    public static final Instant WINDOW_START = Instant.parse("2026-11-09T09:00:00Z");
    public static final Instant CUTOFF = Instant.parse("2026-11-16T09:00:00Z");
    public static final String HOSTILE_NAME = "<script>alert('x')</script>Evil";
    public static final String HOSTILE_ATTR = "\"><img src=x onerror=alert(1)>";
    public static final String LONG_REVIEW = "The context window is genuinely useful for whole repositories, and the "
            + "latency is acceptable on a single GPU, but the licence terms change every quarter and nobody on the "
            + "team wants to be the one explaining that to legal again.";

    private DigestFixtures() {
    }

    public static SiteProperties site() {
        return new SiteProperties("Verdict Digest", "https://verdicts.example.com", "https://digest.example.com",
                "Verdict Digest, 1 Example Street, 10115 Berlin, Germany");
    }

    /** The inputs, for tests that import them into a real catalog. */
    public static List<ComparisonInput> inputs() {
        List<ComparisonInput> list = new ArrayList<>();
        list.add(new ComparisonInput(null, Instant.parse("2026-11-10T10:00:00Z"),
                new SideInput(tool("Mixtral 8x24B", "Developer Tools", "Sparse mixture of experts", "Free", null),
                        new Panel(Verdict.SHIP, 4, 0, 100),
                        new Decision("No community votes yet", "Free", "Self-hosting teams", "Developer Tools"),
                        List.of(new Review(Persona.BUILDER, "Clean primitive, easy to serve.", 88, Verdict.SHIP),
                                new Review(Persona.SKEPTIC, LONG_REVIEW, 70, Verdict.SHIP),
                                new Review(Persona.FUTURIST, "Where open weights are heading.", 80, Verdict.SHIP),
                                new Review(Persona.FOUNDER, "A real buyer exists.", 78, Verdict.SHIP))),
                new SideInput(tool("Codestral 2.1", "Developer Tools", "Code model with 256K context", "Paid", 61),
                        new Panel(Verdict.SHIP, 3, 1, 75), new Decision(null, "From $15/month", "IDE users", null),
                        List.of(new Review(Persona.BUILDER, "Fast completions.", 81, Verdict.SHIP),
                                new Review(Persona.SKEPTIC, "Benchmarks hold up.", 72, Verdict.SHIP),
                                new Review(Persona.FUTURIST, "Agents will want this.", 75, Verdict.SHIP),
                                new Review(Persona.FOUNDER, "No moat against the big labs.", 55, Verdict.SKIP)))));
        list.add(new ComparisonInput(null, Instant.parse("2026-11-11T10:00:00Z"),
                new SideInput(tool(HOSTILE_NAME, "Developer Tools", HOSTILE_ATTR, "Free", 12),
                        new Panel(Verdict.SKIP, 0, 4, 0), Decision.NONE,
                        List.of(new Review(Persona.SKEPTIC, "</p><script>steal()</script> & \"quoted\"", 10, Verdict.SKIP))),
                new SideInput(tool("Plain Tool", "Developer Tools", "Boring and fine", "Free", 50),
                        new Panel(Verdict.SHIP, 2, 2, 50), Decision.NONE,
                        List.of(new Review(Persona.BUILDER, "Works. " + HOSTILE_ATTR, 60, Verdict.SHIP)))));
        list.add(new ComparisonInput(null, Instant.parse("2026-11-12T10:00:00Z"),
                new SideInput(tool("Pixel Forge", "Image Generation", "Diffusion for product shots", "Paid", 70),
                        new Panel(Verdict.SHIP, 3, 1, 75), Decision.NONE,
                        List.of(new Review(Persona.FUTURIST, "Video next.", 77, Verdict.SHIP))),
                new SideInput(tool("Canvas Kit", "Image Generation", "Layered editing", "Free", 40),
                        new Panel(Verdict.SKIP, 1, 3, 25), Decision.NONE,
                        List.of(new Review(Persona.FOUNDER, "Nice demo, no market.", 40, Verdict.SKIP)))));
        return list;
    }

    /** The same content as stored comparisons, without a database (ids from 1). */
    public static IssueSnapshot snapshot(int number) {
        List<Comparison> comparisons = new ArrayList<>();
        List<IssueSnapshot.NewTool> tools = new ArrayList<>();
        long id = 1;
        for (ComparisonInput in : inputs()) {
            Tool a = stored(in.a().tool(), id * 10);
            Tool b = stored(in.b().tool(), id * 10 + 1);
            String slug = Names.comparisonSlug(a.name(), b.name());
            comparisons.add(new Comparison(id, slug, in.publishedAt(),
                    new ComparisonSide(a, in.a().panel(), in.a().decision(), in.a().reviews()),
                    new ComparisonSide(b, in.b().panel(), in.b().decision(), in.b().reviews())));
            for (Tool t : List.of(a, b)) {
                tools.add(new IssueSnapshot.NewTool(t, List.of(new IssueSnapshot.ComparisonLink(slug,
                        a.name() + " vs " + b.name()))));
            }
            id++;
        }
        return new IssueSnapshot(number, "Verdict Digest #" + number + ": Mixtral 8x24B vs Codestral 2.1 + 2 more",
                "Three verdicts this week.\nOne of them is hostile.", WINDOW_START, CUTOFF, comparisons, tools);
    }

    /** A bigger issue for the benchmark: {@code n} comparisons cycling through the fixture ones. */
    public static IssueSnapshot snapshotWith(int number, int n) {
        IssueSnapshot base = snapshot(number);
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Comparison c = base.comparisons().get(i % base.comparisons().size());
            comparisons.add(new Comparison(i + 1, c.slug() + "-" + i, c.publishedAt(), c.a(), c.b()));
        }
        return new IssueSnapshot(number, base.subject(), base.editorNote(), base.windowStart(), base.windowEnd(),
                comparisons, base.newTools());
    }

    private static ToolInput tool(String name, String category, String tagline, String pricing, Integer community) {
        return new ToolInput(name, null, category, tagline, null, pricing, "Entry", community, null);
    }

    private static Tool stored(ToolInput t, long id) {
        return new Tool(id, Names.slug(t.name()), t.name(), t.category(), t.tagline(), t.description(), t.pricing(),
                t.positioning(), t.communityPct(), WINDOW_START.plusSeconds(3600));
    }
}
