package com.verdictdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.support.Config;
import com.verdictdigest.votes.VoteFixtures;
import com.verdictdigest.votes.VoteLinks;
import com.verdictdigest.votes.VoteTokens;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * The Ship and Skip links of each tool in a reader's copy: personal (signed for that reader),
 * in the HTML as small table-cell buttons and in the text part as plain URLs with the same words,
 * only where the copy shows the comparison, never in the archive, and small enough that twelve
 * comparisons stay under the 90 KB the lint allows.
 */
class DigestVoteLinksTest {

    static final Pattern VOTE_URL = Pattern.compile("https://digest\\.example\\.com/votes/[A-Za-z0-9_-]+");

    final Clock clock = Clock.fixed(Instant.parse("2026-11-16T09:00:00Z"), ZoneOffset.UTC);
    final DigestRenderer renderer = new DigestRenderer(new EmailTemplates((String) null), DigestFixtures.site(),
            Config.defaults(DigestProperties.class));
    final VoteLinks votes = VoteFixtures.links(DigestFixtures.site(), clock);
    final VoteTokens tokens = VoteFixtures.tokens(clock);
    final IssueSnapshot snapshot = DigestFixtures.snapshot(7);

    Reader reader(long subscriberId, Set<String> categories, boolean textOnly) {
        VoteLinks.IssueBallots ballots = votes.forIssue(7);
        return new Reader("r" + subscriberId + "@example.org", "R", "https://digest.example.com/unsubscribe/t" + subscriberId,
                "https://digest.example.com/preferences/t" + subscriberId, categories, textOnly,
                (comparison, tool) -> ballots.urls(subscriberId, comparison, tool));
    }

    @Test
    void everyToolOfEveryComparisonHasShipAndSkipInHtmlAndText() {
        PersonalMessage m = renderer.personalise(renderer.renderShared(snapshot), reader(31, Set.of(), false));
        Document doc = Jsoup.parse(m.html());

        List<String> expected = new ArrayList<>();
        for (Comparison c : snapshot.comparisons()) {
            for (var side : List.of(c.a(), c.b())) {
                for (Verdict choice : Verdict.values()) {
                    Element button = doc.select("a:containsOwn(" + choice.label().substring(0, 1).toUpperCase()
                            + choice.label().substring(1) + ")").stream()
                            .filter(a -> token(a.attr("href")).comparisonId() == c.id()
                                    && token(a.attr("href")).toolId() == side.tool().id())
                            .findFirst().orElseThrow(() -> new AssertionError(choice + " on " + side.tool().name()));
                    var t = token(button.attr("href"));
                    assertThat(t.subscriberId()).isEqualTo(31);
                    assertThat(t.issueNumber()).isEqualTo(7);
                    assertThat(t.choice()).isEqualTo(choice);
                    expected.add(button.attr("href"));
                    // a bulletproof button: the cell is the colour (Outlook included), the padded link fills it
                    Element cell = button.parent();
                    assertThat(cell.tagName()).isEqualTo("td");
                    assertThat(cell.attr("bgcolor")).isNotEmpty();
                    assertThat(cell.attr("style")).contains("mso-padding-alt");
                    assertThat(button.attr("style")).contains("display:inline-block", "padding:");
                }
            }
        }
        assertThat(expected).hasSize(4 * snapshot.comparisons().size()).doesNotHaveDuplicates();
        assertThat(urls(m.text())).containsExactlyElementsOf(expected);
        assertThat(m.text()).contains("  Your verdict on Codestral 2.1:\n    Ship: " + expected.get(2) + "\n    Skip: "
                + expected.get(3) + "\n");
        assertThat(doc.body().text()).contains("Your verdict on Codestral 2.1: Ship Skip");
    }

    @Test
    void aReaderGetsLinksOnlyForWhatTheirCopyShowsAndEachReaderTheirOwn() {
        RenderedIssue shared = renderer.renderShared(snapshot);
        PersonalMessage images = renderer.personalise(shared, reader(5, Set.of("Image Generation"), false));
        PersonalMessage other = renderer.personalise(shared, reader(6, Set.of(), false));

        List<String> links = urls(images.text());
        assertThat(links).hasSize(4).allSatisfy(u -> assertThat(token(u).comparisonId()).isEqualTo(3));
        assertThat(urls(images.html())).containsExactlyElementsOf(links);
        assertThat(urls(other.text())).hasSize(12).allSatisfy(u -> assertThat(token(u).subscriberId()).isEqualTo(6))
                .doesNotContainAnyElementsOf(links);
    }

    @Test
    void aTextOnlyReaderGetsTheUrlsInTheTextPart() {
        PersonalMessage m = renderer.personalise(renderer.renderShared(snapshot), reader(8, Set.of(), true));

        assertThat(m.html()).isNull();
        assertThat(urls(m.text())).hasSize(12);
    }

    @Test
    void noVoteLinksForAReaderWhoTurnedThemOffNorInTheArchive() {
        RenderedIssue shared = renderer.renderShared(snapshot);
        PersonalMessage off = renderer.personalise(shared, new Reader("o@example.org", "O",
                "https://digest.example.com/unsubscribe/o", "https://digest.example.com/preferences/o", Set.of(), false));
        String archive = renderer.renderArchiveHtml(shared, List.of("A 75% ship (3 ship, 1 skip) · B no votes yet",
                "<b>x</b>", "C"));

        assertThat(off.text()).doesNotContain("/votes/", "Your verdict on");
        assertThat(off.html()).doesNotContain("/votes/", "Your verdict on");
        assertThat(archive).doesNotContain("/votes/", "Your verdict on")
                .contains("Readers' votes:</strong> A 75% ship (3 ship, 1 skip) · B no votes yet", "&lt;b&gt;x&lt;/b&gt;");
        assertThat(off.html()).doesNotContain("Readers' votes:");
    }

    @Test
    void thePreviewsLinksCountNothing() {
        RenderedIssue shared = renderer.renderShared(snapshot);

        assertThat(urls(shared.sampleText())).isEmpty();
        assertThat(shared.sampleText()).contains("Ship: https://digest.example.com/votes/preview");
        assertThat(Jsoup.parse(shared.sampleHtml()).select("a:containsOwn(Skip)").eachAttr("href"))
                .hasSize(6).containsOnly("https://digest.example.com/votes/preview");
        assertThat(shared.lint().findings()).isEmpty();
    }

    /** The issue's figure: 12 comparisons with vote buttons for every tool stay within the lint's 90 KB. */
    @Test
    void twelveComparisonsWithVoteButtonsStayUnder90Kb() {
        IssueSnapshot big = DigestFixtures.snapshotWith(1, 12);
        RenderedIssue shared = renderer.renderShared(big);
        PersonalMessage m = renderer.personalise(shared, reader(1_234_567, Set.of(), false));
        int html = m.html().getBytes(StandardCharsets.UTF_8).length;

        assertThat(urls(m.text())).hasSize(48);
        assertThat(html).isLessThan(DigestLint.MAX_HTML_BYTES);
        assertThat(DigestLint.check(m.subject(), m.html(), m.text(), List.of()).errors()).isEmpty();
    }

    /** What SpamAssassin looks at stays as it was: no forms, scripts or images, https links only, the same words. */
    @Test
    void theVoteButtonsKeepTheMailsStructure() {
        PersonalMessage m = renderer.personalise(renderer.renderShared(snapshot), reader(9, Set.of(), false));
        Document doc = Jsoup.parse(m.html());

        assertThat(doc.select("form, script, img, iframe, link, input, button")).isEmpty();
        assertThat(doc.select("a[href]").eachAttr("href")).allMatch(h -> h.startsWith("https://"));
        Set<String> htmlLinks = new LinkedHashSet<>(doc.select("a[href]").eachAttr("href"));
        Set<String> textLinks = new LinkedHashSet<>(allUrls(m.text()));
        assertThat(textLinks).containsAll(htmlLinks.stream().filter(h -> h.contains("/votes/")).toList());
        for (String words : List.of("Your verdict on Mixtral 8x24B:", "Your verdict on Plain Tool:", "Ship", "Skip")) {
            assertThat(doc.body().text()).contains(words);
            assertThat(m.text()).contains(words);
        }
    }

    VoteTokens.Checked checked(String url) {
        return tokens.check(url.substring(url.lastIndexOf('/') + 1));
    }

    com.verdictdigest.votes.VoteToken token(String url) {
        VoteTokens.Checked c = checked(url);
        assertThat(c.status()).as(url).isEqualTo(VoteTokens.Status.VALID);
        return c.token();
    }

    static List<String> urls(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = VOTE_URL.matcher(text);
        while (m.find()) {
            if (!m.group().endsWith("/votes/preview")) {
                out.add(m.group());
            }
        }
        return out;
    }

    static List<String> allUrls(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("https?://[^\\s\"<>]+").matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
