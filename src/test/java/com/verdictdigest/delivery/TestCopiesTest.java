package com.verdictdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.verdictdigest.digest.DigestFixtures;
import com.verdictdigest.digest.DigestProperties;
import com.verdictdigest.digest.DigestRenderer;
import com.verdictdigest.digest.EmailTemplates;
import com.verdictdigest.digest.IssueSnapshot;
import com.verdictdigest.digest.RenderedIssue;
import com.verdictdigest.digest.TestCopies;
import com.verdictdigest.support.Identity;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.verdictdigest.mail.DkimKeys;
import com.verdictdigest.mail.DkimProperties;
import com.verdictdigest.mail.DkimSigning;
import com.verdictdigest.mail.DkimVerifier;
import com.verdictdigest.mail.MessageBuilder;
import com.verdictdigest.mail.SmtpChannel;
import com.verdictdigest.mail.SmtpServerSettings;
import com.verdictdigest.support.Config;
/**
 * An editor's test copy, from the digest's TestCopies through the delivery's TestCopyMailer to a
 * real SMTP server (GreenMail): the mail subscribers get, with its bulk headers and DKIM
 * signature, a [TEST] subject and the preview's harmless links.
 */
class TestCopiesTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    @TempDir
    Path dir;

    final DigestRenderer renderer = new DigestRenderer(new EmailTemplates((String) null), DigestFixtures.site(),
            Config.defaults(DigestProperties.class));

    TestCopies testSend(KeyPair dkimKey) throws Exception {
        DkimProperties dkim = Config.defaults(DkimProperties.class);
        if (dkimKey != null) {
            Path keyFile = dir.resolve("mail.pem");
            Files.writeString(keyFile, DkimKeys.privatePem(dkimKey));
            dkim = new DkimProperties(true, "mail", keyFile, null);
        }
        TestCopyMailer mailer = new TestCopyMailer(Identity.messageBuilder(Engines.SENDER, DigestFixtures.site(), Clock.systemUTC()),
                new DkimSigning(dkim, Engines.SENDER),
                new SmtpServerSettings(new SmtpChannel.Server("127.0.0.1", greenMail.getSmtp().getPort(), null, null, null)),
                Engines.SENDER);
        return new TestCopies(mailer, renderer, DigestFixtures.site());
    }

    @Test
    void aTestCopyIsTheRealMailSignedWithATestSubjectAndHarmlessLinks() throws Exception {
        IssueSnapshot base = DigestFixtures.snapshot(3);
        IssueSnapshot snapshot = new IssueSnapshot(3, "Grüße: Mixtral vs Codestral — split", base.editorNote(),
                base.windowStart(), base.windowEnd(), base.comparisons(), base.newTools());
        KeyPair key = DkimKeys.generate();
        TestCopies send = testSend(key);

        send.send(renderer.renderShared(snapshot), " editor@example.org ");
        send.send(renderer.renderShared(snapshot), "editor@example.org");

        MimeMessage[] got = greenMail.getReceivedMessages();
        assertThat(got).hasSize(2);
        MimeMessage m = got[0];
        assertThat(m.getSubject()).isEqualTo("[TEST] Grüße: Mixtral vs Codestral — split");
        assertThat(m.getHeader("Subject")[0]).startsWith("=?UTF-8?");
        assertThat(m.getFrom()[0].toString()).isEqualTo("Verdict Digest <digest@verdicts.example.com>");
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("editor@example.org");
        assertThat(MimeUtility.unfold(m.getHeader("List-Unsubscribe")[0])).isEqualTo(
                "<https://digest.example.com/unsubscribe/test-copy>, <mailto:unsubscribe+test-copy@verdicts.example.com>");
        assertThat(m.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(m.getHeader("List-Id")[0]).endsWith("<verdict-digest.verdicts.example.com>");
        assertThat(m.getHeader("Return-Path")[0]).isEqualTo("<bounces+test-copy@verdicts.example.com>");
        assertThat(m.getMessageID()).startsWith("<test-3-").isNotEqualTo(got[1].getMessageID());

        assertThat(m.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(parts.getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(text).contains("Founder says skip on Codestral 2.1", "Hi there,",
                "https://digest.example.com/unsubscribe/test-copy");
        // The footer says what it is, not "you subscribed and confirmed"; view online says so too.
        assertThat(text).contains("THIS IS A TEST COPY of issue #3, sent to editor@example.org")
                .contains("View online: https://digest.example.com/archive/3?test-copy")
                .doesNotContain("You get this because you subscribed");
        assertThat(html).contains("This is a test copy</strong> of issue #3")
                .contains("https://digest.example.com/archive/3?test-copy")
                .doesNotContain("You get this because you subscribed");
        // Its vote buttons are the preview's: their page says so and counts nothing.
        assertThat(text).contains("Ship: https://digest.example.com/votes/preview");
        assertThat(html).contains("href=\"https://digest.example.com/votes/preview\"");
        assertThat(html).contains("&lt;script&gt;alert(").doesNotContain("<script>");
        assertThat(html).contains("“No moat against the big labs.”");

        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        m.writeTo(raw);
        DkimVerifier.Result dkim = DkimVerifier.verify(raw.toByteArray(), key.getPublic());
        assertThat(dkim.signatureValid()).isTrue();
        assertThat(dkim.bodyHashMatches()).isTrue();
    }

    @Test
    void anAddressWithALineBreakIsRefusedAndNothingIsSent() throws Exception {
        RenderedIssue rendered = renderer.renderShared(DigestFixtures.snapshot(3));
        TestCopies send = testSend(null);

        assertThatThrownBy(() -> send.send(rendered, "editor@example.org\r\nBcc: all@example.org"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("to: ");
        assertThatThrownBy(() -> send.send(rendered, "Eve <eve@example.org>, bob@example.org"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerThatIsDownIsReportedNotSwallowed() throws Exception {
        RenderedIssue rendered = renderer.renderShared(DigestFixtures.snapshot(3));
        TestCopyMailer mailer = new TestCopyMailer(Identity.messageBuilder(Engines.SENDER, DigestFixtures.site(), Clock.systemUTC()),
                new DkimSigning(Config.defaults(DkimProperties.class), Engines.SENDER),
                new SmtpServerSettings(new SmtpChannel.Server("127.0.0.1", com.verdictdigest.system.DevMailServer.freePort(),
                        null, null, null)), Engines.SENDER);

        assertThatThrownBy(() -> new TestCopies(mailer, renderer, DigestFixtures.site()).send(rendered, "editor@example.org"))
                .isInstanceOf(com.verdictdigest.delivery.TestCopyNotSentException.class).hasMessageContaining("test copy was not sent");
    }
}
