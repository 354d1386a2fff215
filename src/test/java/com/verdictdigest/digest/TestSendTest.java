package com.verdictdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.verdictdigest.system.SenderProperties;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** A test copy through a real SMTP server (GreenMail): multipart/alternative, text then HTML, UTF-8. */
class TestSendTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    final DigestRenderer renderer = new DigestRenderer(new EmailTemplates((String) null), DigestFixtures.site(),
            DigestProperties.defaults());

    TestSend testSend() {
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost("127.0.0.1");
        mail.setPort(greenMail.getSmtp().getPort());
        mail.setDefaultEncoding("UTF-8");
        return new TestSend(mail, renderer, new SenderProperties(null, "Verdict Digest", null, "verdicts.example.com"),
                DigestFixtures.site());
    }

    @Test
    void aTestCopyIsMultipartAlternativeTextFirstInUtf8WithATestSubject() throws Exception {
        IssueSnapshot base = DigestFixtures.snapshot(3);
        IssueSnapshot snapshot = new IssueSnapshot(3, "Grüße: Mixtral vs Codestral — split", base.editorNote(),
                base.windowStart(), base.windowEnd(), base.comparisons(), base.newTools());

        testSend().send(renderer.renderShared(snapshot), " editor@example.org ");

        MimeMessage[] got = greenMail.getReceivedMessages();
        assertThat(got).hasSize(1);
        MimeMessage m = got[0];
        assertThat(m.getSubject()).isEqualTo("[TEST] Grüße: Mixtral vs Codestral — split");
        assertThat(m.getHeader("Subject")[0]).startsWith("=?UTF-8?");
        assertThat(m.getFrom()[0].toString()).isEqualTo("Verdict Digest <digest@verdicts.example.com>");
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("editor@example.org");
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(parts.getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(text).contains("Founder says skip on Codestral 2.1", "Hi there,",
                "https://digest.example.com/unsubscribe/test-send");
        assertThat(html).contains("&lt;script&gt;alert(").doesNotContain("<script>");
        assertThat(html).contains("“No moat against the big labs.”");
    }

    @Test
    void anAddressWithALineBreakIsRefusedAndNothingIsSent() {
        RenderedIssue rendered = renderer.renderShared(DigestFixtures.snapshot(3));

        assertThatThrownBy(() -> testSend().send(rendered, "editor@example.org\r\nBcc: all@example.org"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("to: ");
        assertThatThrownBy(() -> testSend().send(rendered, "Eve <eve@example.org>, bob@example.org"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}
