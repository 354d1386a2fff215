package com.verdictdigest.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.verdictdigest.catalog.PageCursor.Line;

/**
 * Reads the comparison-page text format: one page of the comparison site as a browser's
 * "copy text" gives it, in either of its two layouts (compact: no blank lines; full: blank
 * lines, breadcrumb, initials, Decision table, scored reviews).
 * <pre>
 * [Compare/A vs B]                      breadcrumb (full)
 * AI tool comparison
 * A vs B                                title
 * [Which one should you ship with? …]   intro, one line
 * block of A, then block of B:
 *   [M]                                 initial (full)
 *   Developer Tools                     category
 *   Codestral 2.1                       name, as in the title
 *   256K context code model …           tagline
 *   [Ship | Skip]                       panel verdict
 *   75%                                 panel ship percentage
 *   Panel ship
 *   [72% | — | No community votes yet]  community vote
 *   Community
 *   Free | Paid                         pricing
 *   Entry                               positioning
 *   description                         one or more lines
 * [Decision]                            full: both names, then rows of label, value for A, value for B
 * Reviewer scorecard
 * either eight “quoted” reviews: A Builder, B Builder, A Skeptic, B Skeptic, … B Founder,
 * or per persona its heading, then for A and for B a line "88/100 · ship" (score optional) and the text
 * [Weekly AI Tool Verdicts …]           newsletter box and bookmarks: not content
 * </pre>
 * The lines of a text that spans several are its paragraphs, joined with a blank line.
 * A page that breaks the format fails with a {@link PageFormatException} at the first line that does.
 */
public final class ComparisonPageParser {

    static final String BREADCRUMB = "Compare/";
    static final String HEADING = "AI tool comparison";
    static final String PANEL_SHIP = "Panel ship";
    static final String COMMUNITY = "Community";
    static final String DECISION = "Decision";
    static final String SCORECARD = "Reviewer scorecard";
    /** Where the page's content ends: the newsletter box, then bookmarks. */
    static final Set<String> TAIL = Set.of("weekly ai tool verdicts", "get the next comparison in your inbox", "bookmarks");

    private static final String PERCENT_EXAMPLE = "a percentage 0-100 like \"75%\"";
    private static final String SCORE_EXAMPLE = "\"88/100 · ship\"";
    private static final int POSITIONING_MAX = 40;

    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})\\s*%");
    /** A Decision "Community" row may say more after the figure ("72% of 40 votes"). */
    private static final Pattern LEADING_PERCENT = Pattern.compile("(\\d+)\\s*%(\\s.*)?");
    private static final Set<String> NO_VOTES = Set.of("—", "–", "-", "no community votes yet");
    /** "Ship · 3 ship / 1 skip", or the word alone. */
    private static final Pattern PANEL_VERDICT = Pattern.compile(
            "(ship|skip)(?:\\s*[·•|–—-]\\s*(\\d+)\\s*ships?\\s*/\\s*(\\d+)\\s*skips?)?", Pattern.CASE_INSENSITIVE);
    /** "88/100 · ship", "88/100" or "ship". */
    private static final Pattern SCORE_LINE = Pattern.compile(
            "(?:(\\d+)\\s*/\\s*100)?\\s*[·•|–—-]?\\s*(ship|skip)?", Pattern.CASE_INSENSITIVE);

    private static final Map<String, String> DECISION_ROWS = Map.of(
            "panel verdict", "Panel verdict", "community", "Community", "pricing", "Pricing",
            "best for", "Best for", "category", "Category");
    private static final String DECISION_ROW_LIST =
            "\"Panel verdict\", \"Community\", \"Pricing\", \"Best for\" or \"Category\"";

    private final PageCursor in;
    private final Map<String, Integer> fieldLines = new LinkedHashMap<>();

    private ComparisonPageParser(String file, String text) {
        this.in = PageCursor.of(file, text);
    }

    /** Reads a page file (UTF-8); errors name the file as the path is given. */
    public static ComparisonPage parse(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file));
    }

    /** @param file how error messages name the page */
    public static ComparisonPage parse(String file, String text) {
        return new ComparisonPageParser(file, text).page();
    }

    // ---- the page, block by block, top to bottom

    private record Title(String a, String b) {
    }

    /** What a tool's block states, with the lines the panel verdict may be checked against. */
    private record Block(String name, String category, String tagline, Verdict verdict, Line verdictLine,
                         int shipPct, Integer communityPct, String pricing, String positioning, String description) {
    }

    /** One side's values of the Decision table; all null when the page has none. */
    private record DecisionSide(Decision decision, Verdict verdict, Line verdictLine, Integer shipCount,
                                Integer skipCount, Integer communityPct) {
        static final DecisionSide NONE = new DecisionSide(Decision.NONE, null, null, null, null, null);
    }

    private ComparisonPage page() {
        Title title = header();
        intro(title);
        Block a = toolBlock("a", title.a(), title.b());
        Block b = toolBlock("b", title.b(), null);
        DecisionSide[] table = decisionTable(a, b);
        List<List<Review>> reviews = scorecard(a, b);
        ComparisonInput input = new ComparisonInput(null, null,
                side("a", a, table[0], reviews.get(0)), side("b", b, table[1], reviews.get(1)));
        return new ComparisonPage(in.file(), input, fieldLines);
    }

    private Title header() {
        if (!in.atEnd() && in.peek().text().startsWith(BREADCRUMB)) {
            in.next(BREADCRUMB);
        }
        in.expect(HEADING);
        String expected = "the title \"Tool A vs Tool B\"";
        Line title = in.next(expected);
        String text = title.text();
        int vs = text.indexOf(" vs ");
        if (vs <= 0 || text.substring(vs + 4).isBlank()) {
            throw in.errorAt(title, expected);
        }
        return new Title(text.substring(0, vs).strip(), text.substring(vs + 4).strip());
    }

    /** The one-line pitch under the title, when the page has one. */
    private void intro(Title title) {
        if (!startsToolBlock(title.a())) {
            in.next("the block of " + title.a());
        }
    }

    private Block toolBlock(String side, String name, String nextName) {
        if (isInitial(in.peek()) && namesTool(in.peek(2), name)) {
            in.next("the initial of " + name);
        }
        Line category = in.next("the category of " + name);
        if (namesTool(category, name)) {
            throw in.errorAt(category, "the category of " + name + " before its name");
        }
        record(side + ".tool.category", category);
        Line nameLine = in.next("the name \"" + name + "\" as in the title");
        if (!namesTool(nameLine, name)) {
            throw in.errorAt(nameLine, "the name \"" + name + "\" as in the title");
        }
        record(side + ".tool.name", nameLine);
        Line tagline = in.next("the tagline of " + name);
        record(side + ".tool.tagline", tagline);

        Line verdictLine = null;
        if (!in.atEnd() && isVerdictWord(in.peek().text())) {
            verdictLine = in.next("the panel verdict of " + name);
        }
        Line pct = in.next("the panel's ship percentage of " + name + ", " + PERCENT_EXAMPLE);
        int shipPct = percent(pct);
        record(side + ".panel.shipPct", pct);
        in.expect(PANEL_SHIP);

        Integer community = null;
        if (!in.at(COMMUNITY)) {
            Line vote = in.next("the community vote of " + name);
            community = communityVote(vote, name);
            record(side + ".tool.communityPct", vote);
        }
        in.expect(COMMUNITY);

        String pricing = pricing(side, name);
        String positioning = positioning(side, name);
        String description = description(side, nextName);
        return new Block(nameLine.text(), category.text(), tagline.text(),
                verdictLine == null ? null : Verdict.fromLabel(verdictLine.text()), verdictLine,
                shipPct, community, pricing, positioning, description);
    }

    /** Every line up to the next tool's block, the Decision table, the scorecard or the tail. */
    private String description(String side, String nextName) {
        List<Line> lines = new ArrayList<>();
        while (!in.atEnd() && !(nextName != null && startsToolBlock(nextName))
                && !in.at(DECISION) && !in.at(SCORECARD) && !isTail(in.peek())) {
            if (in.at(PANEL_SHIP)) {
                throw misnamedBlock(lines, nextName);
            }
            lines.add(in.next("a description"));
        }
        if (!lines.isEmpty()) {
            record(side + ".tool.description", lines.get(0));
        }
        return lines.isEmpty() ? null : paragraphs(lines);
    }

    /**
     * The description ran into a block that does not start with the expected name: point at the
     * line where that name stands (before the percentage, the optional verdict and the tagline).
     */
    private PageFormatException misnamedBlock(List<Line> read, String nextName) {
        int back = read.size() >= 2 && isVerdictWord(read.get(read.size() - 2).text()) ? 4 : 3;
        String expected = nextName != null ? "the name \"" + nextName + "\" as in the title"
                : "\"" + SCORECARD + "\" after the second tool";
        return read.size() >= back ? in.errorAt(read.get(read.size() - back), expected) : in.error(expected);
    }

    /** The full layout's table; per side: {@link Decision} rows and the panel's verdict and counts. */
    private DecisionSide[] decisionTable(Block a, Block b) {
        if (!in.at(DECISION)) {
            return new DecisionSide[] {DecisionSide.NONE, DecisionSide.NONE};
        }
        in.expect(DECISION);
        columnHeading(a.name());
        columnHeading(b.name());
        Map<String, Line[]> rows = new LinkedHashMap<>();
        while (!in.atEnd() && !in.at(SCORECARD)) {
            Line label = in.next("a Decision row");
            String row = DECISION_ROWS.get(label.text().toLowerCase(Locale.ROOT));
            if (row == null || rows.containsKey(row)) {
                throw in.errorAt(label, "\"" + SCORECARD + "\" or a Decision row not given yet: " + DECISION_ROW_LIST);
            }
            rows.put(row, new Line[] {rowValue(row, a.name()), rowValue(row, b.name())});
        }
        return new DecisionSide[] {decisionSide("a", a, rows, 0), decisionSide("b", b, rows, 1)};
    }

    private void columnHeading(String name) {
        Line heading = in.next("the Decision column \"" + name + "\"");
        if (!namesTool(heading, name)) {
            throw in.errorAt(heading, "the Decision column \"" + name + "\"");
        }
    }

    private Line rowValue(String row, String name) {
        String expected = "the Decision row \"" + row + "\" for " + name;
        Line value = in.next(expected);
        if (DECISION_ROWS.containsKey(value.text().toLowerCase(Locale.ROOT)) || value.text().equalsIgnoreCase(SCORECARD)) {
            throw in.errorAt(value, expected);
        }
        return value;
    }

    private DecisionSide decisionSide(String side, Block block, Map<String, Line[]> rows, int column) {
        Line verdictRow = cell(rows, "Panel verdict", column);
        Verdict verdict = null;
        Integer ship = null;
        Integer skip = null;
        if (verdictRow != null) {
            Matcher m = PANEL_VERDICT.matcher(verdictRow.text());
            if (!m.matches()) {
                throw in.errorAt(verdictRow, "the panel verdict of " + block.name() + " like \"Ship · 3 ship / 1 skip\"");
            }
            verdict = Verdict.fromLabel(m.group(1));
            if (block.verdict() != null && block.verdict() != verdict) {
                throw in.errorAt(verdictRow, "the panel verdict \"" + label(block.verdict())
                        + "\" of " + block.name() + " as line " + block.verdictLine().number() + " states it");
            }
            ship = m.group(2) == null ? null : Integer.valueOf(m.group(2));
            skip = m.group(3) == null ? null : Integer.valueOf(m.group(3));
            record(side + ".panel.shipCount", verdictRow);
            record(side + ".panel.skipCount", verdictRow);
        }
        Line community = cell(rows, "Community", column);
        Integer communityPct = null;
        if (community != null) {
            Matcher m = LEADING_PERCENT.matcher(community.text());
            if (m.matches()) {
                communityPct = percent(community, m.group(1));
                fieldLines.putIfAbsent(side + ".tool.communityPct", community.number());
            }
        }
        Decision decision = new Decision(text(side + ".decision.community", community),
                text(side + ".decision.pricing", cell(rows, "Pricing", column)),
                text(side + ".decision.bestFor", cell(rows, "Best for", column)),
                text(side + ".decision.category", cell(rows, "Category", column)));
        return new DecisionSide(decision, verdict, verdictRow, ship, skip, communityPct);
    }

    /** The eight reviews, in whichever of the two shapes the page has them. */
    private List<List<Review>> scorecard(Block a, Block b) {
        in.expect(SCORECARD);
        Line first = in.peek();
        boolean headed = first != null
                && (Persona.fromLabel(first.text()) != null || isScoreLine(first.text()));
        List<List<Review>> reviews = List.of(new ArrayList<>(), new ArrayList<>());
        for (Persona persona : Persona.values()) {
            if (headed) {
                personaHeading(persona);
            }
            reviews.get(0).add(headed ? scoredReview("a", a, persona) : quotedReview("a", a, persona));
            reviews.get(1).add(headed ? scoredReview("b", b, persona) : quotedReview("b", b, persona));
        }
        if (!headed && !in.atEnd() && opensQuote(in.peek().text())) {
            throw in.error("the end of the reviews after the eighth, the Founder's of " + b.name());
        }
        return reviews;
    }

    private void personaHeading(Persona persona) {
        String expected = "the heading \"" + persona.label() + "\"";
        Line heading = in.next(expected);
        if (Persona.fromLabel(heading.text()) != persona) {
            throw in.errorAt(heading, expected);
        }
    }

    /** Compact layout: a text in “quotes”, over one line or several; no score, no verdict. */
    private Review quotedReview(String side, Block block, Persona persona) {
        String what = "a review for " + persona.label() + " of " + block.name();
        Line open = in.next(what);
        if (!opensQuote(open.text())) {
            throw in.errorAt(open, what + " in “quotes”");
        }
        String close = open.text().startsWith("“") ? "”" : "\"";
        List<String> paragraphs = new ArrayList<>();
        String text = open.text().substring(1);
        while (!text.endsWith(close)) {
            paragraphs.add(text);
            text = in.next("the closing " + close + " of the review for " + persona.label() + " of "
                    + block.name() + " begun on line " + open.number()).text();
        }
        paragraphs.add(text.substring(0, text.length() - close.length()));
        String body = String.join("\n\n", paragraphs.stream().map(String::strip).filter(p -> !p.isEmpty()).toList());
        if (body.isEmpty()) {
            throw in.errorAt(open, "the text of the review for " + persona.label() + " of " + block.name());
        }
        record(side + ".reviews[" + persona.ordinal() + "].text", open);
        return new Review(persona, body, null, null);
    }

    /** Full layout: "88/100 · ship" (or only "ship"), then the text up to the next review. */
    private Review scoredReview(String side, Block block, Persona persona) {
        String what = "a review for " + persona.label() + " of " + block.name() + " (a line like " + SCORE_EXAMPLE + ")";
        Line scoreLine = in.next(what);
        Matcher m = SCORE_LINE.matcher(scoreLine.text());
        if (!isScoreLine(scoreLine.text()) || !m.matches()) {
            throw in.errorAt(scoreLine, what);
        }
        Integer score = null;
        if (m.group(1) != null) {
            score = m.group(1).length() <= 3 ? Integer.valueOf(m.group(1)) : Integer.MAX_VALUE;
            if (score > 100) {
                throw in.errorAt(scoreLine, "a score 0-100 like " + SCORE_EXAMPLE);
            }
        }
        Verdict verdict = m.group(2) == null ? null : Verdict.fromLabel(m.group(2));
        String prefix = side + ".reviews[" + persona.ordinal() + "]";
        record(prefix + ".score", scoreLine);

        List<Line> lines = new ArrayList<>();
        while (!in.atEnd() && !isScoreLine(in.peek().text()) && Persona.fromLabel(in.peek().text()) == null
                && !isTail(in.peek())) {
            lines.add(in.next("review text"));
        }
        if (lines.isEmpty()) {
            throw in.error("the text of the review for " + persona.label() + " of " + block.name());
        }
        record(prefix + ".text", lines.get(0));
        return new Review(persona, paragraphs(lines), score, verdict);
    }

    private SideInput side(String side, Block block, DecisionSide table, List<Review> reviews) {
        Integer community = block.communityPct() != null ? block.communityPct() : table.communityPct();
        ToolInput tool = new ToolInput(block.name(), null, block.category(), block.tagline(), block.description(),
                block.pricing(), block.positioning(), community, null);
        Verdict verdict = block.verdict() != null ? block.verdict() : table.verdict();
        Panel panel = new Panel(verdict, table.shipCount(), table.skipCount(), block.shipPct());
        return new SideInput(tool, panel, table.decision(), reviews);
    }

    // ---- single lines

    private int percent(Line line) {
        Matcher m = PERCENT.matcher(line.text());
        if (!m.matches()) {
            throw in.errorAt(line, PERCENT_EXAMPLE);
        }
        return percent(line, m.group(1));
    }

    private int percent(Line line, String digits) {
        if (digits.length() > 3 || Integer.parseInt(digits) > 100) {
            throw in.errorAt(line, PERCENT_EXAMPLE);
        }
        return Integer.parseInt(digits);
    }

    /** "72%" is a figure; "—" and "No community votes yet" mean there is none. */
    private Integer communityVote(Line vote, String name) {
        String text = vote.text();
        if (NO_VOTES.contains(text.toLowerCase(Locale.ROOT))) {
            return null;
        }
        if (text.endsWith("%")) {
            return percent(vote);
        }
        throw in.errorAt(vote, "the community vote of " + name + ": " + PERCENT_EXAMPLE
                + ", \"—\" or \"No community votes yet\"");
    }

    private String pricing(String side, String name) {
        String expected = "the pricing of " + name + ", \"Free\" or \"Paid\"";
        Line pricing = in.next(expected);
        record(side + ".tool.pricing", pricing);
        return switch (pricing.text().toLowerCase(Locale.ROOT)) {
            case "free" -> "Free";
            case "paid" -> "Paid";
            default -> throw in.errorAt(pricing, expected);
        };
    }

    /** A short label ("Entry"); a sentence here means the line is missing and the description follows. */
    private String positioning(String side, String name) {
        String expected = "the positioning of " + name + ", a short label like \"Entry\"";
        Line positioning = in.next(expected);
        if (positioning.text().length() > POSITIONING_MAX) {
            throw in.errorAt(positioning, expected);
        }
        record(side + ".tool.positioning", positioning);
        return positioning.text();
    }

    private boolean startsToolBlock(String name) {
        return namesTool(in.peek(1), name) || (isInitial(in.peek()) && namesTool(in.peek(2), name));
    }

    private static boolean namesTool(Line line, String name) {
        return line != null && Names.key(line.text()).equals(Names.key(name));
    }

    /** The full layout's big letter before each tool's block. */
    private static boolean isInitial(Line line) {
        return line != null && line.text().codePointCount(0, line.text().length()) == 1
                && Character.isLetterOrDigit(line.text().codePointAt(0));
    }

    private static boolean isVerdictWord(String text) {
        return Verdict.fromLabel(text) != null;
    }

    private static boolean isScoreLine(String text) {
        Matcher m = SCORE_LINE.matcher(text);
        return m.matches() && (m.group(1) != null || m.group(2) != null);
    }

    private static boolean isTail(Line line) {
        return TAIL.contains(line.text().toLowerCase(Locale.ROOT));
    }

    private static boolean opensQuote(String text) {
        return text.startsWith("“") || text.startsWith("\"");
    }

    private static Line cell(Map<String, Line[]> rows, String row, int column) {
        Line[] cells = rows.get(row);
        return cells == null ? null : cells[column];
    }

    private String text(String field, Line line) {
        if (line == null) {
            return null;
        }
        record(field, line);
        return line.text();
    }

    private static String paragraphs(List<Line> lines) {
        return String.join("\n\n", lines.stream().map(Line::text).toList());
    }

    private static String label(Verdict verdict) {
        return verdict == Verdict.SHIP ? "Ship" : "Skip";
    }

    private void record(String field, Line line) {
        fieldLines.put(field, line.number());
    }
}
