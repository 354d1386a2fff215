package com.verdictdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.verdictdigest.support.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digest's HTML and text from fixture content: structure, content, escaping, personal parts. */
class DigestRendererTest {

    final DigestRenderer renderer = new DigestRenderer(new EmailTemplates((String) null), DigestFixtures.site(),
            Config.defaults(DigestProperties.class));
    final IssueSnapshot snapshot = DigestFixtures.snapshot(7);
    final Reader ana = new Reader("ana@example.org", "Ana", "https://digest.example.com/unsubscribe/tok-ana",
            "https://digest.example.com/preferences/tok-ana", Set.of(), false);

    @Test
    void theHtmlShowsEveryComparisonWithVerdictCountsAndTheSplit() {
        PersonalMessage m = renderer.personalise(renderer.renderShared(snapshot), ana);
        Document doc = Jsoup.parse(m.html());

        assertThat(doc.select("h2").eachText()).containsExactly("Mixtral 8x24B vs Codestral 2.1",
                DigestFixtures.HOSTILE_NAME + " vs Plain Tool", "Pixel Forge vs Canvas Kit");
        assertThat(doc.select("h2 a").eachAttr("href")).containsExactly(
                "https://verdicts.example.com/compare/mixtral-8x24b-vs-codestral-2-1",
                "https://verdicts.example.com/compare/script-alert-x-script-evil-vs-plain-tool",
                "https://verdicts.example.com/compare/pixel-forge-vs-canvas-kit");
        String body = doc.body().text();
        assertThat(body).contains("4 ship / 0 skip · 100% panel ship · No community votes yet · Free · Developer Tools");
        assertThat(body).contains("3 ship / 1 skip · 75% panel ship · 61% community ship · From $15/month");
        assertThat(doc.select(".vd-split").first().text())
                .isEqualTo("The panel is split: Founder says skip on Codestral 2.1 (panel: ship)");
        assertThat(doc.select("span:containsOwn(SHIP)")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(doc.select("span:containsOwn(SKIP)")).hasSize(2);
        assertThat(body).contains("Founder on Codestral 2.1 (skip): “No moat against the big labs.”");
        assertThat(doc.select("h1").eachText()).containsExactly("This week's verdicts", "New tools");
    }

    @Test
    void hostileCatalogTextIsEscapedInHtmlAndNothingUnresolvedIsLeft() {
        PersonalMessage m = renderer.personalise(renderer.renderShared(snapshot), ana);
        Document doc = Jsoup.parse(m.html());

        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("img")).isEmpty();
        assertThat(doc.select("[onerror]")).isEmpty();
        assertThat(m.html()).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;Evil")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
        assertThat(doc.body().text()).contains(DigestFixtures.HOSTILE_ATTR)
                .contains("</p><script>steal()</script> & \"quoted\"");
        for (String part : List.of(m.html(), m.text(), m.subject())) {
            assertThat(part).doesNotContain("${").doesNotContainPattern("vd[0-9a-f]{16}_");
        }
    }

    @Test
    void theTextPartHasTheSameContent() {
        PersonalMessage m = renderer.personalise(renderer.renderShared(snapshot), ana);
        String text = m.text();

        assertThat(text).contains("Mixtral 8x24B vs Codestral 2.1 [Developer Tools]",
                "  Mixtral 8x24B: SHIP, 4 ship / 0 skip, 100% panel ship",
                "  Codestral 2.1: SHIP, 3 ship / 1 skip, 75% panel ship",
                "  ! Founder says skip on Codestral 2.1 (panel: ship)",
                DigestFixtures.HOSTILE_NAME + " vs Plain Tool",
                "Pixel Forge vs Canvas Kit [Image Generation]",
                "  Full comparison: https://verdicts.example.com/compare/pixel-forge-vs-canvas-kit",
                "NEW TOOLS", "Hi Ana,", "Three verdicts this week.\nOne of them is hostile.",
                "Unsubscribe: https://digest.example.com/unsubscribe/tok-ana",
                "Preferences (categories, plain text): https://digest.example.com/preferences/tok-ana",
                "View online: https://digest.example.com/archive/7",
                "Verdict Digest, 1 Example Street, 10115 Berlin, Germany");
        assertThat(text).doesNotContain("<td", "&lt;", "&amp;");
        assertThat(text).doesNotContainPattern("\n\n\n");
    }

    @Test
    void theHtmlIsEmailSafe() {
        PersonalMessage m = renderer.personalise(renderer.renderShared(snapshot), ana);
        Document doc = Jsoup.parse(m.html());

        Element preheader = doc.body().child(0);
        assertThat(preheader.attr("style")).contains("display:none");
        assertThat(preheader.text()).startsWith(m.preheader());
        assertThat(m.preheader()).isEqualTo("Mixtral 8x24B vs Codestral 2.1, " + DigestFixtures.HOSTILE_NAME
                + " vs Plain Tool and 1 more verdicts");
        assertThat(doc.select("table[width=600]").attr("style")).contains("max-width:600px");
        assertThat(doc.select("link, script, form, iframe")).isEmpty();
        assertThat(doc.select("a[href]").eachAttr("href")).allMatch(h -> h.startsWith("https://"));
        assertThat(doc.select("a[href]").eachAttr("href")).contains(
                "https://digest.example.com/unsubscribe/tok-ana", "https://digest.example.com/preferences/tok-ana",
                "https://digest.example.com/archive/7");
        assertThat(doc.body().text()).contains("You get this because you subscribed to Verdict Digest as "
                + "ana@example.org", "Verdict Digest, 1 Example Street, 10115 Berlin, Germany")
                .doesNotContainIgnoringCase("test copy");
        assertThat(doc.select("a[href]").eachAttr("href")).noneMatch(h -> h.contains("test-copy"));
        assertThat(doc.select("meta[name=color-scheme]").attr("content")).isEqualTo("light dark");
        assertThat(renderer.renderShared(snapshot).lint().findings()).isEmpty();
    }

    @Test
    void quotesAreOnePerPersonaAndCutAtAWordBoundary() {
        Document doc = Jsoup.parse(renderer.personalise(renderer.renderShared(snapshot), ana).html());
        List<String> quotes = doc.select("table.vd-card").get(1).select("em").eachText();

        assertThat(quotes).hasSize(4);
        String skeptic = quotes.get(1);
        assertThat(skeptic).startsWith("“The context window").endsWith("…”");
        String cut = skeptic.substring(1, skeptic.length() - 2);
        assertThat(cut.length()).isLessThanOrEqualTo(DigestView.QUOTE_LENGTH);
        assertThat(DigestFixtures.LONG_REVIEW).startsWith(cut);
        assertThat(DigestFixtures.LONG_REVIEW.charAt(cut.length())).isEqualTo(' ');
    }

    @Test
    void aRecipientGetsOnlyTheirCategoriesAndTheirOwnLinks() {
        RenderedIssue shared = renderer.renderShared(snapshot);
        Reader images = new Reader("bo@example.org", "  ", "https://digest.example.com/unsubscribe/tok-bo",
                "https://digest.example.com/preferences/tok-bo", Set.of("Image Generation"), false);

        PersonalMessage m = renderer.personalise(shared, images);
        Document doc = Jsoup.parse(m.html());

        assertThat(doc.select("h2").eachText()).containsExactly("Pixel Forge vs Canvas Kit");
        assertThat(doc.body().text()).contains("Hi there,").doesNotContain("tok-ana").doesNotContain("Mixtral");
        assertThat(m.text()).contains("Pixel Forge vs Canvas Kit").doesNotContain("Codestral");
        assertThat(m.itemCount()).isEqualTo(3);
        assertThat(m.preheader()).isEqualTo("Pixel Forge vs Canvas Kit: the panel's verdict");
    }

    @Test
    void aTextOnlyRecipientGetsNoHtmlAndTheSharedRenderIsCached() {
        RenderedIssue shared = renderer.renderShared(snapshot);
        PersonalMessage m = renderer.personalise(shared, new Reader("c@example.org", "C\r\nBcc: x",
                "https://d.example/u/1", "https://d.example/p/1", Set.of(), true));

        assertThat(m.html()).isNull();
        assertThat(m.text()).contains("Hi CBcc: x,");
        assertThat(renderer.renderShared(DigestFixtures.snapshot(7))).isSameAs(shared);
    }

    @Test
    void theArchiveCopyHasNoPersonalLinks() {
        String html = renderer.renderArchiveHtml(renderer.renderShared(snapshot));
        Document doc = Jsoup.parse(html);

        assertThat(doc.select("a[href]").eachAttr("href")).noneMatch(h -> h.contains("unsubscribe") || h.contains("preferences"))
                .contains("https://digest.example.com/subscribe");
        assertThat(doc.select("h2")).hasSize(3);
        assertThat(html).doesNotContainPattern("vd[0-9a-f]{16}_");
    }

    @Test
    void aRecipientLinkThatIsNotHttpIsRefused() {
        RenderedIssue shared = renderer.renderShared(snapshot);
        Reader bad = new Reader("x@example.org", "X", "javascript:alert(1)", "https://d.example/p", Set.of(), false);

        assertThatThrownBy(() -> renderer.personalise(shared, bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsubscribeUrl");
    }

    @Test
    void aBrokenTemplateFailsLoudlyAndUnsafeBuiltinsAreOff(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("email"));
        Files.writeString(dir.resolve("email/digest.ftlh"), "<p>${issue.nope()}</p>");
        DigestRenderer broken = new DigestRenderer(new EmailTemplates(dir.toString()), DigestFixtures.site(),
                Config.defaults(DigestProperties.class));
        assertThatThrownBy(() -> broken.renderShared(snapshot))
                .isInstanceOf(EmailTemplates.TemplateRenderException.class)
                .hasMessageContaining("email/digest.ftlh");

        Files.writeString(dir.resolve("email/digest.ftlh"),
                "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}");
        DigestRenderer executing = new DigestRenderer(new EmailTemplates(dir.toString()), DigestFixtures.site(),
                Config.defaults(DigestProperties.class));
        assertThatThrownBy(() -> executing.renderShared(snapshot))
                .isInstanceOf(EmailTemplates.TemplateRenderException.class)
                .hasMessageContaining("not allowed");
    }

    @Test
    void anOverrideDirectoryReplacesATemplateFileByFile(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("email"));
        Files.writeString(dir.resolve("email/digest.ftl"), "Custom ${issue.number()} ${mk.slot(\"unsubscribe\")} "
                + "${mk.slot(\"preferences\")}\n");
        DigestRenderer custom = new DigestRenderer(new EmailTemplates("file:" + dir), DigestFixtures.site(),
                Config.defaults(DigestProperties.class));

        PersonalMessage m = custom.personalise(custom.renderShared(snapshot), ana);

        assertThat(m.text()).isEqualTo("Custom 7 https://digest.example.com/unsubscribe/tok-ana "
                + "https://digest.example.com/preferences/tok-ana\n");
        assertThat(Jsoup.parse(m.html()).select("h2")).hasSize(3);
    }
}
