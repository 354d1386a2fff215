package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every fixture, from every kind of mail system, read and classified as a mail engineer would. */
class BounceParserTest {

    final BounceParser parser = new BounceParser(Fixtures.DOMAIN);

    @ParameterizedTest(name = "{0}: {4} {3} for {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            postfix-5.1.1-user-unknown.eml           | alice@example.org             | q7Hk2LmN9pR4sT1vW8xYzA | 5.1.1   | HARD         | dsn
            exim-550-text.eml                        | dora@example.net              | Dk3mPq9Rt2Vw5Xy8Za1B-c | 5.0.0   | HARD         | text
            sendmail-dsn.eml                         | frank@example.org             | Fr4nkT0kenAbCdEfGhIjKl | 5.1.1   | HARD         | dsn
            office365-5.1.10-recipient-not-found.eml | erin@contoso.example          | Er1nTok_4sDfGhJkLzXcVb | 5.1.10  | HARD         | dsn
            office365-5.7.606-banned-ip.eml          | grace@fabrikam.example        | Gr4ceTok9QwErTyUiOpAsD | 5.7.606 | SOFT         | dsn
            gmail-550-5.1.1-no-such-user.eml         | no.such.reader.4711@gmail.com | Hn0SuchUsrTok3nGm41lXy | 5.1.1   | HARD         | dsn
            gmail-452-4.2.2-over-quota.eml           | ivan.full@gmail.com           | Iv4nFullMb0xTok3nQrStU | 4.2.2   | SOFT         | dsn
            yahoo-554-5.7.9-policy.eml               | judy@yahoo.com                | JudyY4h00P0l1cyTok3nAb | 5.7.9   | SOFT         | dsn
            amazon-ses-dsn.eml                       | kim@example.com               | K1mSesTok3nMnBvCxZaSdF | 5.1.1   | HARD         | dsn
            qmail-failure-notice.eml                 | leo@example.net               | Le0QmailTok3nPoIuYtReW | 5.1.1   | HARD         | text
            arf-yahoo-complaint.eml                  | mia@yahoo.com                 | M1aArfTok3nLkJhGfDsA_q | -       | COMPLAINT    | arf
            arf-aol-redacted-complaint.eml           | -                             | N0ahAolTok3nZxCvBnMqWe | -       | COMPLAINT    | arf
            out-of-office-autoreply.eml              | -                             | P4ulOooTok3nQwErTyUiOp | -       | NOT_A_BOUNCE | auto-reply
            plain-reply.eml                          | -                             | -                      | -       | NOT_A_BOUNCE | plain
            postfix-delayed-warning.eml              | sam@slow.example              | S4mD3l4yTok3nZxCvBnMaS | 4.4.1   | NOT_A_BOUNCE | dsn
            several-messages.mbox#1                  | tom@example.org               | T0mMb0xTok3nHardAbCdEf | 5.1.1   | HARD         | dsn
            several-messages.mbox#2                  | uma@slow.example              | Um4T1meoutTok3nGhIjKl  | 4.4.7   | SOFT         | dsn
            several-messages.mbox#3                  | -                             | W4lterVac4t1onTok3nMn  | -       | NOT_A_BOUNCE | auto-reply
            several-messages.mbox#4                  | victor@example.net            | V1ctorQuot4Tok3nOpLkJ  | 5.2.2   | SOFT         | text
            """)
    void classifiesEveryFixture(String fixture, String recipient, String token, String status, BounceKind kind,
                                String format) throws Exception {
        Bounce b = parser.parse(Fixtures.raw(fixture));

        assertThat(b.kind()).as("class").isEqualTo(kind);
        assertThat(b.recipient()).as("recipient").isEqualTo(recipient);
        assertThat(b.verpToken()).as("VERP token").isEqualTo(token);
        assertThat(b.status()).as("status").isEqualTo(status);
        assertThat(b.format()).as("format").isEqualTo(format);
        assertThat(b.messageKey()).startsWith(fixture.startsWith("qmail") || fixture.endsWith("#4") ? "sha256:" : "mid:");
    }

    /** IMAP and POP3 hand messages over with CRLF line ends; files usually have LF. Same result. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "postfix-5.1.1-user-unknown.eml", "exim-550-text.eml", "sendmail-dsn.eml",
            "office365-5.1.10-recipient-not-found.eml", "gmail-550-5.1.1-no-such-user.eml", "amazon-ses-dsn.eml",
            "qmail-failure-notice.eml", "arf-aol-redacted-complaint.eml", "out-of-office-autoreply.eml",
            "several-messages.mbox#4"})
    void crlfLineEndsChangeNothing(String fixture) throws Exception {
        byte[] lf = Fixtures.raw(fixture);
        byte[] crlf = new String(lf, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\n", "\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        Bounce a = parser.parse(lf);
        Bounce b = parser.parse(crlf);

        assertThat(b.kind()).isEqualTo(a.kind());
        assertThat(b.recipient()).isEqualTo(a.recipient());
        assertThat(b.verpToken()).isEqualTo(a.verpToken());
        assertThat(b.status()).isEqualTo(a.status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            garbage.eml      | binary data
            garbage-text.eml | does not start with a mail header
            """)
    void garbageIsRefusedWithAReason(String fixture, String reason) {
        assertThatThrownBy(() -> parser.parse(Fixtures.raw(fixture)))
                .isInstanceOf(UnparseableMessageException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void anEmptyMessageIsRefused() {
        assertThatThrownBy(() -> parser.parse(new byte[0])).hasMessage("empty message");
    }

    @Test
    void theMboxQuotingIsUndone() {
        String walter = new String(Fixtures.raw("several-messages.mbox#3"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(walter).contains("\nFrom the 1st of December").doesNotContain(">From");
    }

    @Test
    void aVerpAddressOnAnotherDomainIsNoToken() throws Exception {
        Bounce b = new BounceParser("other.example").parse(Fixtures.raw("postfix-5.1.1-user-unknown.eml"));
        assertThat(b.verpToken()).isNull();
        assertThat(b.recipient()).isEqualTo("alice@example.org");
    }

    @Test
    void theReasonQuotesTheRemoteServer() throws Exception {
        Bounce b = parser.parse(Fixtures.raw("office365-5.7.606-banned-ip.eml"));
        assertThat(b.reason()).startsWith("policy or reputation block").contains("banned sending IP");
    }
}
