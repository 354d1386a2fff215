package com.verdictdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.verdictdigest.support.Config;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Each lint rule on its own, and on a real render that is too big. */
class DigestLintTest {

    static final String OK_HTML = "<html><body><p>Hi</p><a href=\"https://x.example/u\">Unsubscribe</a></body></html>";

    static List<String> codes(LintReport r) {
        return r.findings().stream().map(LintReport.Finding::code).toList();
    }

    @Test
    void aCleanCopyHasNoFindings() {
        assertThat(DigestLint.check("Verdict Digest #1", OK_HTML, "Hi\nhttps://x.example/u",
                List.of("https://x.example/u")).findings()).isEmpty();
    }

    @Test
    void subjectsOver78CharactersOrWithControlCharactersAreErrors() {
        assertThat(codes(DigestLint.check("x".repeat(79), OK_HTML, "t", List.of()))).containsExactly("subject-long");
        assertThat(codes(DigestLint.check("x".repeat(78), OK_HTML, "t", List.of()))).isEmpty();
        assertThat(codes(DigestLint.check("a\r\nBcc: b", OK_HTML, "t", List.of()))).containsExactly("subject-control");
        assertThat(codes(DigestLint.check("a\tb", OK_HTML, "t", List.of()))).containsExactly("subject-control");
    }

    @Test
    void relativeAndNonHttpLinksAreErrors() {
        String html = "<a href=\"/archive/1\">a</a><a href=\"javascript:alert(1)\">b</a><a href=\"mailto:x@y.z\">c</a>"
                + "<a href=\"//cdn.example/x\">d</a><a href=\"HTTPS://ok.example/\">e</a>";
        assertThat(codes(DigestLint.check("s", html, "t", List.of()))).containsExactly("link", "link", "link", "link");
    }

    @Test
    void imagesNeedAltTextAndAnAbsoluteSource() {
        String html = "<img src=\"https://x.example/a.png\"><img alt=\"\" src=\"cid:logo\"><img alt=\"ok\" src=\"https://x.example/b.png\">";
        assertThat(codes(DigestLint.check("s", html, "t", List.of()))).containsExactly("img-alt", "img-src");
    }

    @Test
    void aMissingTextPartAndUnresolvedPlaceholdersAreErrors() {
        assertThat(codes(DigestLint.check("s", OK_HTML, " ", List.of()))).containsExactly("text-missing");
        assertThat(codes(DigestLint.check("s", "<p>${name}</p>", "Hi vd0123456789abcdef_pemail_", List.of())))
                .containsExactly("placeholder", "placeholder");
    }

    @Test
    void aMissingUnsubscribeLinkIsAnError() {
        assertThat(codes(DigestLint.check("s", OK_HTML, "no link here", List.of("https://x.example/u"))))
                .containsExactly("required-link");
    }

    @Test
    void anIssueTooBigForGmailIsAnErrorOfTheRender() {
        DigestRenderer renderer = new DigestRenderer(new EmailTemplates((String) null), DigestFixtures.site(),
                Config.defaults(DigestProperties.class));

        LintReport small = renderer.renderShared(DigestFixtures.snapshotWith(1, 10)).lint();
        LintReport big = renderer.renderShared(DigestFixtures.snapshotWith(1, 60)).lint();

        assertThat(small.hasErrors()).isFalse();
        assertThat(codes(big)).containsExactly("html-size");
        assertThat(big.errors().get(0).message()).contains("Gmail clips");
    }
}
