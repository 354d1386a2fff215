package com.verdictdigest.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;

import com.verdictdigest.delivery.ScriptedSmtpServer;
import com.verdictdigest.support.Config;
import com.verdictdigest.support.Identity;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;

/** The sign-up mails' path through the mail module, on the wire: one connection per batch, checked headers. */
class TransactionalMailerTest {

    static TransactionalMailer mailer(int port) {
        return new TransactionalMailer(Identity.messageBuilder(Identity.SENDER, Identity.SITE, Clock.systemUTC()),
                new DkimSigning(Config.defaults(DkimProperties.class), Identity.SENDER),
                new SmtpServerSettings(new SmtpChannel.Server("127.0.0.1", port, null, null, null)));
    }

    static TransactionalMail mail(String to, String subject) {
        return new TransactionalMail(EmailAddress.parse(to), subject, "<p>Confirm: <a href=\"https://x.example/c/1\">here</a></p>",
                "Confirm: https://x.example/c/1\n");
    }

    @Test
    void aBatchGoesOverOneConnectionAsTextAndHtmlWithoutListHeaders() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0)) {
            mailer(smtp.port()).sendAll(List.of(mail("a@example.com", "Confirm your subscription"),
                    mail("b@example.com", "Confirm your subscription"), mail("c@example.com", "Grüße: confirm")));

            assertThat(smtp.connections()).isEqualTo(1);
            assertThat(smtp.received()).extracting(ScriptedSmtpServer.Received::rcpt)
                    .containsExactly("a@example.com", "b@example.com", "c@example.com");
            String data = smtp.received().get(2).data();
            assertThat(data).contains("Auto-Submitted: auto-generated", "Content-Type: multipart/alternative",
                    "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe:_confirm?=", "@" + Identity.SENDER.domain() + ">")
                    .doesNotContain("List-Unsubscribe", "List-Id", "Feedback-ID");
            assertThat(data.indexOf("text/plain")).isLessThan(data.indexOf("text/html"));
            assertThat(smtp.received().get(0).mailFrom()).isEqualTo(Identity.SENDER.fromAddress());
        }
    }

    @Test
    void aLineBreakInAHeaderStopsTheWholeBatchBeforeAnythingIsSent() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0)) {
            assertThatThrownBy(() -> mailer(smtp.port()).sendAll(List.of(mail("a@example.com", "Fine"),
                    mail("b@example.com", "Evil\r\nBcc: victim@example.com"))))
                    .isInstanceOf(InvalidHeaderException.class).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("subject");
            assertThat(smtp.received()).isEmpty();
        }
    }

    @Test
    void aServerThatIsDownIsAMailException() {
        assertThatThrownBy(() -> mailer(com.verdictdigest.system.DevMailServer.freePort())
                .send(mail("a@example.com", "Confirm"))).isInstanceOf(MailSendException.class)
                .hasMessageContaining("not sent");
    }
}
