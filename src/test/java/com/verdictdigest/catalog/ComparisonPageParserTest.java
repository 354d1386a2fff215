package com.verdictdigest.catalog;

import com.verdictdigest.system.FieldError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The comparison-page format, both layouts, field by field; malformed pages name file, line and expectation. */
class ComparisonPageParserTest {

    static final String COMPACT = "quillstack-3-vs-parsegrid.txt";
    static final String FULL = "parsegrid-vs-tabletalk.txt";
    static final String FULL_WITH_VOTES = "tabletalk-vs-voxel-notes.txt";

    static String fixture(String name) {
        try (InputStream in = ComparisonPageParserTest.class.getResourceAsStream("/pages/good/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ComparisonInput parse(String name) {
        return ComparisonPageParser.parse(name, fixture(name)).input();
    }

    /** The fixture with its 1-based line {@code number} replaced. */
    static String withLine(String name, int number, String text) {
        List<String> lines = lines(name);
        lines.set(number - 1, text);
        return String.join("\n", lines) + "\n";
    }

    static String withoutLine(String name, int number) {
        List<String> lines = lines(name);
        lines.remove(number - 1);
        return String.join("\n", lines) + "\n";
    }

    static String firstLines(String name, int count) {
        return String.join("\n", lines(name).subList(0, count)) + "\n";
    }

    static List<String> lines(String name) {
        return fixture(name).lines().collect(Collectors.toCollection(ArrayList::new));
    }

    static void assertFails(String name, String text, String message) {
        assertThatThrownBy(() -> ComparisonPageParser.parse(name, text))
                .isInstanceOf(PageFormatException.class)
                .hasMessage(message);
    }

    // ---- compact layout

    @Test
    void compactPageStatesEachToolsBlockFieldByField() {
        ComparisonInput page = parse(COMPACT);

        assertThat(page.slug()).isNull();
        assertThat(page.publishedAt()).isNull();
        assertThat(page.a().tool()).isEqualTo(new ToolInput("Quillstack 3", null, "Writing Assistants",
                "Long-form drafting assistant that remembers your house style",
                "Quillstack 3 drafts reports, proposals and documentation from an outline and a folder of reference files."
                        + "\n\nA style memory learns the house tone from approved drafts and applies it to every new document.",
                "Paid", "Pro", 72, null));
        assertThat(page.b().tool()).isEqualTo(new ToolInput("ParseGrid", null, "Data Extraction",
                "Turns scanned invoices into clean, typed tables",
                "ParseGrid reads scanned PDFs and photos of invoices and returns line items as CSV or JSON with typed columns.",
                "Free", "Entry", null, null));
    }

    @Test
    void compactPageGivesOnlyTheShipPercentageAndTheVerdictWordWhereStated() {
        ComparisonInput page = parse(COMPACT);

        assertThat(page.a().panel()).isEqualTo(new Panel(null, null, null, 75));
        assertThat(page.b().panel()).isEqualTo(new Panel(Verdict.SKIP, null, null, 25));
        assertThat(page.a().decision()).isEqualTo(Decision.NONE);
        assertThat(page.b().decision()).isEqualTo(Decision.NONE);
    }

    @Test
    void compactReviewsAlternateBetweenTheToolsPersonaByPersonaWithoutScores() {
        ComparisonInput page = parse(COMPACT);

        assertThat(page.a().reviews()).containsExactly(
                new Review(Persona.BUILDER, "Quillstack's primitive is an outline in, a draft out, with the style memory as the twist.", null, null),
                new Review(Persona.SKEPTIC, "Quillstack competes with every chat assistant that can draft a report.", null, null),
                new Review(Persona.FUTURIST, "The bet is that companies will want one voice across thousands of generated documents.", null, null),
                new Review(Persona.FOUNDER, "The buyer is a documentation lead with a budget for tools, and Pro pricing fits that budget.", null, null));
        assertThat(page.b().reviews()).containsExactly(
                new Review(Persona.BUILDER, "ParseGrid exposes one endpoint: a file in, a table out.", null, null),
                new Review(Persona.SKEPTIC, "ParseGrid meets mature OCR suites on their own ground.\n\n"
                        + "The accuracy claims need a public benchmark before I would bet a finance team on them.", null, null),
                new Review(Persona.FUTURIST, "Extraction becomes a commodity feature of every document model within a year.", null, null),
                new Review(Persona.FOUNDER, "Free with no paid tier leaves no business behind the product; skip.", null, null));
    }

    // ---- full layout

    @Test
    void fullPageStatesEachToolsBlockFieldByField() {
        ComparisonInput page = parse(FULL);

        assertThat(page.a().tool()).isEqualTo(new ToolInput("ParseGrid", null, "Data Extraction",
                "Turns scanned invoices into clean, typed tables",
                "ParseGrid reads scanned PDFs and photos of invoices and returns line items as CSV or JSON with typed columns.",
                "Free", "Entry", null, null));
        assertThat(page.b().tool()).isEqualTo(new ToolInput("TableTalk", null, "Analytics",
                "Ask questions of a spreadsheet in plain language",
                "TableTalk connects to spreadsheets and warehouse tables and answers questions with a chart and the query it ran.",
                "Paid", "Team", null, null));
    }

    @Test
    void fullPageGivesVerdictCountsAndTheDecisionRowsItHas() {
        ComparisonInput page = parse(FULL);

        assertThat(page.a().panel()).isEqualTo(new Panel(Verdict.SKIP, 1, 3, 25));
        assertThat(page.b().panel()).isEqualTo(new Panel(Verdict.SHIP, 4, 0, 100));
        // No "Best for" row on this page.
        assertThat(page.a().decision()).isEqualTo(new Decision("No community votes yet",
                "Free — hosted API with a monthly page quota", null, "Data Extraction"));
        assertThat(page.b().decision()).isEqualTo(new Decision("No community votes yet",
                "Per seat, billed monthly; read-only viewers free", null, "Analytics"));
    }

    @Test
    void fullPageReviewsCarryScoreAndVerdictAndAVerdictAloneLeavesTheScoreEmpty() {
        ComparisonInput page = parse(FULL);

        assertThat(page.a().reviews()).containsExactly(
                new Review(Persona.BUILDER, "One endpoint, a file in and a table out; the SDK is thin and the errors are readable.", 61, Verdict.SHIP),
                new Review(Persona.SKEPTIC, "Mature OCR suites already do this, and ParseGrid has not shown where it beats them."
                        + "\n\nThe accuracy claims need a public benchmark first.", null, Verdict.SKIP),
                new Review(Persona.FUTURIST, "Extraction becomes a commodity feature of every document model within a year.", 40, Verdict.SKIP),
                new Review(Persona.FOUNDER, "Free with no paid tier leaves no business behind the product.", 35, Verdict.SKIP));
        assertThat(page.b().reviews()).containsExactly(
                new Review(Persona.BUILDER, "The query it shows beside every answer makes the tool debuggable, which most of its rivals are not.", 92, Verdict.SHIP),
                new Review(Persona.SKEPTIC, "Natural-language querying has failed before, but showing the query keeps people in control.", 80, Verdict.SHIP),
                new Review(Persona.FUTURIST, "Conversational analytics is where spreadsheets go next.", 88, Verdict.SHIP),
                // The newsletter box and bookmarks after the last review are not part of it.
                new Review(Persona.FOUNDER, "Per-seat pricing with free viewers spreads through a company the way the buyer wants it to.", 90, Verdict.SHIP));
    }

    @Test
    void communityPercentagesComeFromTheBlockOrElseFromTheDecisionRow() {
        ComparisonInput page = parse(FULL_WITH_VOTES);

        // TableTalk's block has no figure before "Community"; the Decision row says 64%.
        assertThat(page.a().tool().communityPct()).isEqualTo(64);
        assertThat(page.a().decision()).isEqualTo(new Decision("64%",
                "Per seat, billed monthly; read-only viewers free", "Analysts who live in spreadsheets", "Analytics"));
        assertThat(page.b().tool().communityPct()).isEqualTo(12);
        assertThat(page.b().tool().description()).isEqualTo(
                "Voxel Notes joins calls, transcribes them and drafts the follow-up email with owners and due dates."
                        + "\n\nIt runs on the desktop, so no bot joins the call.");
        assertThat(page.b().panel()).isEqualTo(new Panel(Verdict.SHIP, 2, 2, 50));
        assertThat(page.b().reviews()).extracting(Review::score).containsExactly(null, 45, 71, 30);
        assertThat(page.b().reviews()).extracting(Review::verdict)
                .containsExactly(Verdict.SHIP, Verdict.SKIP, Verdict.SHIP, Verdict.SKIP);
    }

    @Test
    void windowsLineEndingsAByteOrderMarkAndNoBreakSpacesReadTheSame() {
        String text = "\uFEFF" + fixture(FULL).replace("\n", "\r\n").replace("Panel ship", "Panel\u00A0ship");

        assertThat(ComparisonPageParser.parse(FULL, text).input()).isEqualTo(parse(FULL));
    }

    @Test
    void everyFieldKnowsTheLineItCameFrom() {
        ComparisonPage page = ComparisonPageParser.parse(FULL, fixture(FULL));

        assertThat(page.lineOf("a.tool.name")).hasValue(13);
        assertThat(page.lineOf("b.tool.tagline")).hasValue(37);
        assertThat(page.lineOf("b.panel.shipCount")).hasValue(58);
        assertThat(page.lineOf("a.reviews[1].score")).hasValue(81);
        assertThat(page.lineOf("a.reviews[1].text")).hasValue(83);
        assertThat(page.locate(new FieldError("b.decision.pricing", "is too long")))
                .isEqualTo(FULL + ":64: b.decision.pricing: is too long");
        assertThat(page.locate(new FieldError("slug", "is taken"))).isEqualTo(FULL + ": slug: is taken");
    }

    // ---- malformed pages

    @Test
    void aMissingPersonaHeadingIsReportedWhereItWasExpected() {
        assertFails(FULL_WITH_VOTES, withoutLine(FULL_WITH_VOTES, 85),
                FULL_WITH_VOTES + ":85: expected the heading \"Skeptic\", found \"80/100 · ship\"");
    }

    @Test
    void aMissingQuotedReviewLeavesTheLastPersonaShort() {
        assertFails(COMPACT, withoutLine(COMPACT, 29),
                COMPACT + ":35: expected a review for Founder of ParseGrid in “quotes”, found \"Weekly AI Tool Verdicts\"");
    }

    @Test
    void aPercentageOver100IsRejected() {
        assertFails(COMPACT, withLine(COMPACT, 7, "175%"),
                COMPACT + ":7: expected a percentage 0-100 like \"75%\", found \"175%\"");
        assertFails(COMPACT, withLine(COMPACT, 9, "720%"),
                COMPACT + ":9: expected a percentage 0-100 like \"75%\", found \"720%\"");
    }

    @Test
    void aShipPercentageThatIsNoPercentageIsRejected() {
        assertFails(FULL, withLine(FULL, 19, "most"),
                FULL + ":19: expected a percentage 0-100 like \"75%\", found \"most\"");
    }

    @Test
    void aTruncatedCompactPageNamesTheMissingReview() {
        assertFails(COMPACT, firstLines(COMPACT, 34),
                COMPACT + ":35: expected a review for Founder of ParseGrid, found end of file");
    }

    @Test
    void aTruncatedFullPageNamesTheMissingReview() {
        assertFails(FULL, firstLines(FULL, 103),
                FULL + ":104: expected a review for Founder of TableTalk (a line like \"88/100 · ship\"), found end of file");
    }

    @Test
    void aPageCutInsideAQuotedReviewNamesWhereTheQuoteBegan() {
        assertFails(COMPACT, firstLines(COMPACT, 30),
                COMPACT + ":31: expected the closing ” of the review for Skeptic of ParseGrid begun on line 30, found end of file");
    }

    @Test
    void aPageCutBeforeTheReviewsNamesTheScorecard() {
        assertFails(FULL, firstLines(FULL, 67),
                FULL + ":68: expected \"Reviewer scorecard\", found end of file");
    }

    @Test
    void aMissingTitleIsReportedOnTheLineWhereItShouldBe() {
        assertFails(COMPACT, withoutLine(COMPACT, 2),
                COMPACT + ":2: expected the title \"Tool A vs Tool B\", found "
                        + "\"Which one should you ship with? Here is the side-by-side pan…\"");
    }

    @Test
    void textThatIsNoComparisonPageFailsOnItsFirstLine() {
        assertFails("notes.txt", "Shopping list\nMilk\n",
                "notes.txt:1: expected \"AI tool comparison\", found \"Shopping list\"");
        assertFails("empty.txt", "", "empty.txt:1: expected \"AI tool comparison\", found end of file");
    }

    @Test
    void aToolBlockNamedOtherwiseThanTheTitleIsRejected() {
        assertFails(COMPACT, withLine(COMPACT, 16, "ParseGrid Pro"),
                COMPACT + ":16: expected the name \"ParseGrid\" as in the title, found \"ParseGrid Pro\"");
        assertFails(COMPACT, withLine(COMPACT, 5, "Quillstack 4"),
                COMPACT + ":5: expected the name \"Quillstack 3\" as in the title, found \"Quillstack 4\"");
    }

    @Test
    void pricingIsFreeOrPaid() {
        assertFails(COMPACT, withLine(COMPACT, 23, "Freemium"),
                COMPACT + ":23: expected the pricing of ParseGrid, \"Free\" or \"Paid\", found \"Freemium\"");
    }

    @Test
    void aCommunityVoteIsAFigureOrSaysThereIsNone() {
        assertFails(COMPACT, withLine(COMPACT, 21, "many"), COMPACT + ":21: expected the community vote of "
                + "ParseGrid: a percentage 0-100 like \"75%\", \"—\" or \"No community votes yet\", found \"many\"");
    }

    @Test
    void aScoreOver100IsRejected() {
        assertFails(FULL, withLine(FULL, 72, "175/100 · ship"),
                FULL + ":72: expected a score 0-100 like \"88/100 · ship\", found \"175/100 · ship\"");
    }

    @Test
    void aReviewWithoutTextIsRejected() {
        assertFails(FULL, withoutLine(FULL, 74),
                FULL + ":75: expected the text of the review for Builder of ParseGrid, found \"92/100 · ship\"");
    }

    @Test
    void anUnknownDecisionRowIsRejected() {
        assertFails(FULL, withLine(FULL, 62, "Price"), FULL + ":62: expected \"Reviewer scorecard\" or a Decision "
                + "row not given yet: \"Panel verdict\", \"Community\", \"Pricing\", \"Best for\" or \"Category\", found \"Price\"");
    }

    @Test
    void aDecisionVerdictContradictingTheToolBlockIsRejected() {
        assertFails(FULL, withLine(FULL, 58, "Skip · 4 ship / 0 skip"), FULL
                + ":58: expected the panel verdict \"Ship\" of TableTalk as line 39 states it, found \"Skip · 4 ship / 0 skip\"");
    }

    @Test
    void aDecisionPanelVerdictMustGiveTheCounts() {
        assertFails(FULL, withLine(FULL, 57, "Skip, mostly"),
                FULL + ":57: expected the panel verdict of ParseGrid like \"Ship · 3 ship / 1 skip\", found \"Skip, mostly\"");
    }
}
