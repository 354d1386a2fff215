package com.verdictdigest.mail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Properties;
import java.util.Random;

import com.verdictdigest.support.Identity;
import jakarta.mail.Session;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BulkSmtpTransportTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void onlyCrlfTextWithoutLeadingDotsIsWireReady() {
        assertThat(BulkSmtpTransport.isWireReady(ascii("Subject: x\r\n\r\nbody\r\n"))).isTrue();
        assertThat(BulkSmtpTransport.isWireReady(ascii("Subject: x\n\nbody\n"))).as("bare LF").isFalse();
        assertThat(BulkSmtpTransport.isWireReady(ascii("Subject: x\r\n\r\nbo\rdy\r\n"))).as("bare CR").isFalse();
        assertThat(BulkSmtpTransport.isWireReady(ascii("Subject: x\r\n\r\n.hidden\r\n"))).as("leading dot").isFalse();
        assertThat(BulkSmtpTransport.isWireReady(ascii("Subject: x\r\n\r\nbody"))).as("no CRLF at the end").isFalse();
    }

    @Test
    void toWireNormalisesLineEndsAndStuffsDots() {
        assertThat(new String(BulkSmtpTransport.toWire(ascii("A: b\n\n.one\r.two\r\nthree")), StandardCharsets.US_ASCII))
                .isEqualTo("A: b\r\n\r\n..one\r\n..two\r\nthree\r\n");
    }

    /** The builder's bytes skip the dot and line-end filters, so they must never need them. */
    @Test
    void everyBuiltMessageIsWireReady() {
        MessageBuilder builder = Identity.messageBuilder(Identity.SENDER, Identity.SITE, Clock.systemUTC());
        Session session = Session.getInstance(new Properties());
        Random random = new Random(3);
        String alphabet = "ab .\r\n\t=-é€";
        for (int n = 0; n < 300; n++) {
            StringBuilder text = new StringBuilder(".");
            for (int i = random.nextInt(500); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            ListRecipient row = new ListRecipient(n, "r" + n + "@example.com", n % 2 == 0 ? null : "R. " + n, "tok" + n,
                    n % 3 == 0);
            PreparedMessage m = builder.build(session, 7, row, new PersonalMail("Issue " + n, "<p>" + text + "</p>\n" + text,
                    text.toString()));
            assertThat(BulkSmtpTransport.isWireReady(m.raw())).as("message %d:%n%s", n,
                    new String(m.raw(), StandardCharsets.US_ASCII).replace("\r", "<CR>").replace("\n", "<LF>\n")).isTrue();
        }
    }
}
