package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.mail.DkimProperties;
import com.verdictdigest.mail.DkimSigning;
import com.verdictdigest.mail.MessageBuilder;
import com.verdictdigest.mail.SmtpChannel;
import com.verdictdigest.mail.SmtpServerSettings;
import com.verdictdigest.mail.TransactionalMailer;
import com.verdictdigest.support.Config;
import com.verdictdigest.support.Identity;
import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SiteProperties;
import freemarker.cache.ClassTemplateLoader;
import freemarker.template.Configuration;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sign-up mails on the wire (real SMTP into GreenMail): headers, parts, footer, and no header injection. */
class SubscriberMailerTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static SubscriberMailer mailer(SiteProperties site, SenderProperties sender) {
        return mailer(site, sender, new DkimSigning(Config.defaults(DkimProperties.class), sender));
    }

    static SubscriberMailer mailer(SiteProperties site, SenderProperties sender, DkimSigning signing) {
        return mailer(site, sender, signing, greenMail.getSmtp().getPort());
    }

    /** The sign-up mailer on the mail module's path: message builder, DKIM signer, SMTP channel. */
    static SubscriberMailer mailer(SiteProperties site, SenderProperties sender, DkimSigning signing, int smtpPort) {
        Configuration freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setTemplateLoader(new ClassTemplateLoader(SubscriberMailerTest.class, "/templates/"));
        freemarker.setRecognizeStandardFileExtensions(true);
        TransactionalMailer mail = new TransactionalMailer(Identity.messageBuilder(sender, site, Clock.systemUTC()), signing,
                new SmtpServerSettings(new SmtpChannel.Server("127.0.0.1", smtpPort, null, null, null)));
        return new SubscriberMailer(mail, freemarker, site, new SubscriberLinks(site));
    }

    static final SiteProperties SITE = Config.bind(SiteProperties.class, "public-url=https://digest.example.test",
            "postal-address=Verdict Digest, 1 Example Street, Berlin");
    static final SenderProperties SENDER = Config.defaults(SenderProperties.class);

    @Test
    void theConfirmationMailIsTextAndHtmlWithTheLinkAndThePostalAddress() throws Exception {
        mailer(SITE, SENDER).sendConfirmation(EmailAddress.parse("Kim@Example.com"), "Kim <b>", "T0KEN", Duration.ofHours(48));

        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertThat(mail.getFrom()[0].toString()).isEqualTo("Verdict Digest <digest@verdicts.example.com>");
        assertThat(mail.getRecipients(MimeMessage.RecipientType.TO)[0].toString()).isEqualTo("Kim@example.com");
        assertThat(mail.getHeader("List-Unsubscribe")).isNull();
        String raw = GreenMailUtil.getWholeMessage(mail);
        assertThat(raw).contains("https://digest.example.test/confirm/T0KEN").contains("works for 48 hours")
                .contains("1 Example Street").contains("Kim &lt;b&gt;");
    }

    @Test
    void aLineBreakInAnyHeaderValueIsRefusedAndNothingIsSent() {
        SiteProperties evilName = new SiteProperties("Digest\r\nBcc: victim@example.com", "https://verdicts.example.com",
                "https://x.example", "");
        assertThatThrownBy(() -> mailer(evilName, SENDER).sendConfirmation(EmailAddress.parse("a@example.com"), null, "T",
                Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");

        SenderProperties evilSender = new SenderProperties(null, "Digest\nX-Evil: 1", null, "verdicts.example.com");
        assertThatThrownBy(() -> mailer(SITE, evilSender).sendConfirmation(EmailAddress.parse("a@example.com"), null, "T",
                Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from name");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void signUpMailsAreDkimSignedWhenDeliverySignsWithAKey(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.security.KeyPair key = com.verdictdigest.mail.DkimKeys.generate();
        java.nio.file.Path keyFile = dir.resolve("mail.pem");
        java.nio.file.Files.writeString(keyFile, com.verdictdigest.mail.DkimKeys.privatePem(key));
        SubscriberMailer signing = mailer(SITE, SENDER, new com.verdictdigest.mail.DkimSigning(
                new com.verdictdigest.mail.DkimProperties(true, "mail", keyFile, null), SENDER));

        signing.sendConfirmation(EmailAddress.parse("dee@example.com"), "Dee", "T0KEN", Duration.ofHours(48));

        MimeMessage mail = greenMail.getReceivedMessages()[0];
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        mail.writeTo(raw);
        com.verdictdigest.mail.DkimVerifier.Result dkim = com.verdictdigest.mail.DkimVerifier.verify(raw.toByteArray(),
                key.getPublic());
        assertThat(dkim.tags()).containsEntry("d", "verdicts.example.com").containsEntry("s", "mail");
        assertThat(dkim.signedHeaders()).contains("from", "to", "subject", "date", "message-id");
        assertThat(dkim.bodyHashMatches()).isTrue();
        assertThat(dkim.signatureValid()).isTrue();
        assertThat(mail.getMessageID()).endsWith("@verdicts.example.com>");
    }
}
