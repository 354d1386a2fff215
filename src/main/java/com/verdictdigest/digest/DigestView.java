package com.verdictdigest.digest;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.catalog.ComparisonSide;
import com.verdictdigest.catalog.Persona;
import com.verdictdigest.catalog.Review;
import com.verdictdigest.catalog.Tool;
import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.system.SiteProperties;

/**
 * What the mail templates show, worked out in Java so the templates only lay it out: the split,
 * the quotes, the links. Built once per issue.
 */
public final class DigestView {

    static final int QUOTE_LENGTH = 140;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    public record Card(String title, String url, String category, List<SideView> sides, List<String> splits,
                       List<Quote> quotes, Set<String> categories) {
    }

    public record SideView(String name, String tagline, String verdict, Integer shipCount, Integer skipCount,
                           Integer shipPct, String community, String pricing, String category, String bestFor) {
    }

    public record Quote(String persona, String tool, String verdict, String text) {
    }

    public record ToolCard(String name, String tagline, String category, String pricing, List<Link> comparisons,
                           Set<String> categories) {
    }

    public record Link(String title, String url) {
    }

    /** "Mixtral 8x24B vs Codestral 2.1": "Mixtral 8x24B 75% ship (3 ship, 1 skip)", … */
    public record ReadersLine(String title, String url, List<ToolLine> tools) {
    }

    public record ToolLine(String tool, String summary) {
    }

    private DigestView() {
    }

    static String windowLabel(IssueSnapshot s, ZoneId zone) {
        LocalDate from = s.windowStart().atZone(zone).toLocalDate();
        LocalDate to = s.windowEnd().atZone(zone).toLocalDate();
        return from.equals(to) ? DAY.format(to) : DAY.format(from) + " – " + DAY.format(to);
    }

    static Card card(Comparison c, SiteProperties site) {
        List<SideView> sides = List.of(side(c.a()), side(c.b()));
        List<String> splits = new ArrayList<>();
        for (ComparisonSide s : List.of(c.a(), c.b())) {
            Verdict panel = panelVerdict(s);
            if (panel == null) {
                continue;
            }
            for (Review r : s.reviews()) {
                if (r.verdict() != null && r.verdict() != panel) {
                    splits.add(r.persona().label() + " says " + r.verdict().label() + " on " + s.tool().name()
                            + " (panel: " + panel.label() + ")");
                }
            }
        }
        List<Quote> quotes = new ArrayList<>();
        for (Persona p : Persona.values()) {
            pickQuote(c, p).ifPresent(quotes::add);
        }
        Set<String> categories = new LinkedHashSet<>();
        for (ComparisonSide s : List.of(c.a(), c.b())) {
            addCategory(categories, s.tool().category());
            addCategory(categories, s.decision().category());
        }
        String category = firstNonBlank(c.a().decision().category(), c.a().tool().category(),
                c.b().decision().category(), c.b().tool().category());
        return new Card(c.title(), site.comparisonUrl(c.slug()), category, sides, List.copyOf(splits),
                List.copyOf(quotes), Set.copyOf(categories));
    }

    static List<ReadersLine> readersSaid(List<IssueSnapshot.ReadersVerdict> said, SiteProperties site) {
        return said.stream().map(r -> new ReadersLine(r.title(), site.comparisonUrl(r.slug()),
                r.tools().stream().map(t -> new ToolLine(t.tool(), t.votes().summary())).toList())).toList();
    }

    static ToolCard toolCard(IssueSnapshot.NewTool n, SiteProperties site) {
        Tool t = n.tool();
        Set<String> categories = new LinkedHashSet<>();
        addCategory(categories, t.category());
        List<Link> links = n.comparisons().stream().map(l -> new Link(l.title(), site.comparisonUrl(l.slug()))).toList();
        return new ToolCard(t.name(), t.tagline(), t.category(), t.pricing(), links, Set.copyOf(categories));
    }

    /** Lower-cased, trimmed: how recipients' category choices are matched. */
    static String categoryKey(String category) {
        return category.strip().toLowerCase(Locale.ROOT);
    }

    private static void addCategory(Set<String> into, String category) {
        if (category != null && !category.isBlank()) {
            into.add(categoryKey(category));
        }
    }

    private static SideView side(ComparisonSide s) {
        Tool t = s.tool();
        Verdict v = s.panel().verdict();
        String community = t.communityPct() != null ? t.communityPct() + "% community ship"
                : s.decision().community();
        String pricing = firstNonBlank(s.decision().pricing(), t.pricing());
        return new SideView(t.name(), t.tagline(), v == null ? null : v.label(), s.panel().shipCount(),
                s.panel().skipCount(), s.panel().shipPct(), community, pricing,
                firstNonBlank(s.decision().category(), t.category()), s.decision().bestFor());
    }

    /** The panel's verdict, else the majority of the reviewers' verdicts (none on a tie). */
    private static Verdict panelVerdict(ComparisonSide s) {
        if (s.panel().verdict() != null) {
            return s.panel().verdict();
        }
        long ship = s.reviews().stream().filter(r -> r.verdict() == Verdict.SHIP).count();
        long skip = s.reviews().stream().filter(r -> r.verdict() == Verdict.SKIP).count();
        return ship > skip ? Verdict.SHIP : skip > ship ? Verdict.SKIP : null;
    }

    /** A persona's dissent is the most telling quote; else their word on side A, else on side B. */
    private static Optional<Quote> pickQuote(Comparison c, Persona p) {
        Optional<Review> a = c.a().review(p);
        Optional<Review> b = c.b().review(p);
        ComparisonSide side = null;
        Review pick = null;
        for (ComparisonSide s : List.of(c.a(), c.b())) {
            Optional<Review> r = s.review(p);
            Verdict panel = panelVerdict(s);
            if (r.isPresent() && r.get().verdict() != null && panel != null && r.get().verdict() != panel) {
                side = s;
                pick = r.get();
                break;
            }
        }
        if (pick == null && a.isPresent()) {
            side = c.a();
            pick = a.get();
        }
        if (pick == null && b.isPresent()) {
            side = c.b();
            pick = b.get();
        }
        if (pick == null || pick.text() == null || pick.text().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Quote(p.label(), side.tool().name(), pick.verdict() == null ? null : pick.verdict().label(),
                truncate(pick.text(), QUOTE_LENGTH)));
    }

    /** At most {@code max} characters, cut at a word boundary with an ellipsis; whitespace collapsed. */
    static String truncate(String text, int max) {
        String t = text.strip().replaceAll("\\s+", " ");
        if (t.length() <= max) {
            return t;
        }
        int cut = t.lastIndexOf(' ', max - 1);
        if (cut < max / 2) {
            cut = max - 1; // one very long word: cut inside it rather than drop the whole quote
            if (Character.isHighSurrogate(t.charAt(cut - 1))) {
                cut--;
            }
        }
        String head = t.substring(0, cut).replaceAll("[\\s,;:.\\-–—]+$", "");
        return head + "…";
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
