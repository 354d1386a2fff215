package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every fixture, from every kind of mail system, read and classified as a mail engineer would. */
class BounceParserTest {

    final BounceParser parser = new BounceParser(Fixtures.DOMAIN);

    @ParameterizedTest(name = "{0}: {5} {4} {3} for {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            postfix-5.1.1-user-unknown.eml                 | alice@example.org             | q7Hk2LmN9pR4sT1vW8xYzA | 5.1.1   | USER_UNKNOWN     | HARD         | dsn
            postfix-5.0.0-unknown-user-generic-status.eml  | pete@example.org              | Gen3r1cSt4tusTok3nPlOk | 5.0.0   | USER_UNKNOWN     | HARD         | dsn
            postfix-4.1.1-user-unknown-after-retries.eml   | quinn@example.com             | Ret1esUs3rTok3nMjNhBg  | 4.1.1   | USER_UNKNOWN     | HARD         | dsn
            postfix-5.7.1-spamhaus-blocked.eml             | olga@example.net              | Bl0ckL1stTok3nQaWsEdRf | 5.7.1   | BLOCKED          | SOFT         | dsn
            postfix-5.2.0-content-filtered-after-data.eml  | rosa@example.jp               | F1lt3rDat4Tok3nCvBnMa  | 5.2.0   | CONTENT_FILTERED | SOFT         | dsn
            postfix-delayed-warning.eml                    | sam@slow.example              | S4mD3l4yTok3nZxCvBnMaS | 4.4.1   | EXPIRED          | NOT_A_BOUNCE | dsn
            exim-550-text.eml                              | dora@example.net              | Dk3mPq9Rt2Vw5Xy8Za1B-c | 5.0.0   | USER_UNKNOWN     | HARD         | text
            exim-5.0.0-no-mailbox-here.eml                 | ugo@example.org               | Ex1mN0MbxTok3nTgByHnUj | 5.0.0   | USER_UNKNOWN     | HARD         | text
            exim-retry-timeout-exceeded.eml                | sven@example.net              | Ex1mR3tryTok3nZaQwSxCd | -       | EXPIRED          | SOFT         | text
            exim-unrouteable-address.eml                   | tara@no-such-domain.example   | Ex1mUnr0uteTok3nEdCrFv | -       | HOST_UNKNOWN     | HARD         | text
            sendmail-dsn.eml                               | frank@example.org             | Fr4nkT0kenAbCdEfGhIjKl | 5.1.1   | USER_UNKNOWN     | HARD         | dsn
            office365-5.1.10-recipient-not-found.eml       | erin@contoso.example          | Er1nTok_4sDfGhJkLzXcVb | 5.1.10  | USER_UNKNOWN     | HARD         | dsn
            office365-5.4.1-recipient-access-denied.eml    | vera@contoso.example          | Off1ceDbebTok3nWsXeDc  | 5.4.1   | USER_UNKNOWN     | HARD         | dsn
            office365-5.7.606-banned-ip.eml                | grace@fabrikam.example        | Gr4ceTok9QwErTyUiOpAsD | 5.7.606 | BLOCKED          | SOFT         | dsn
            exchange-4.4.7-queue-expired.eml               | eve@fabrikam.example          | Exch4ng3Exp1redTok3nQw | 4.4.7   | EXPIRED          | SOFT         | dsn
            gmail-550-5.1.1-no-such-user.eml               | no.such.reader.4711@gmail.com | Hn0SuchUsrTok3nGm41lXy | 5.1.1   | USER_UNKNOWN     | HARD         | dsn
            gmail-452-4.2.2-over-quota.eml                 | ivan.full@gmail.com           | Iv4nFullMb0xTok3nQrStU | 4.2.2   | MAILBOX_FULL     | SOFT         | dsn
            gmail-550-5.7.26-unauthenticated.eml           | wes@gmail.com                 | Gm41lDm4rcTok3nRfVtGb  | 5.7.26  | SECURITY_ERROR   | SOFT         | dsn
            yahoo-554-5.7.9-policy.eml                     | judy@yahoo.com                | JudyY4h00P0l1cyTok3nAb | 5.7.9   | BLOCKED          | SOFT         | dsn
            yahoo-text-554-no-such-account.eml             | xena.nobody@yahoo.com         | Y4h00TextTok3nYhNuJmKi | -       | USER_UNKNOWN     | HARD         | text
            amazon-ses-dsn.eml                             | kim@example.com               | K1mSesTok3nMnBvCxZaSdF | 5.1.1   | USER_UNKNOWN     | HARD         | dsn
            amazon-ses-json-bounce-permanent.eml           | yuri@example.com              | S3sJs0nB0unceTok3nOlP  | 5.1.1   | USER_UNKNOWN     | HARD         | ses-json
            amazon-ses-json-bounce-mailbox-full.eml        | zoe@example.org               | S3sJs0nFullTok3nIkUjYh | -       | MAILBOX_FULL     | SOFT         | ses-json
            amazon-ses-json-complaint.eml                  | abe@example.net               | S3sJs0nC0mplTok3nTgRfE | -       | COMPLAINT        | COMPLAINT    | ses-json
            qmail-failure-notice.eml                       | leo@example.net               | Le0QmailTok3nPoIuYtReW | 5.1.1   | USER_UNKNOWN     | HARD         | text
            opensmtpd-550-user-unknown.eml                 | bea@example.net               | 0p3nSmtpdTok3nWqAzSx   | 5.1.1   | USER_UNKNOWN     | HARD         | text
            courier-5.2.2-mailbox-full.eml                 | cleo@example.org              | C0ur1erFullTok3nEsRdTf | 5.2.2   | MAILBOX_FULL     | SOFT         | dsn
            domino-not-listed-in-directory.eml             | dan@lotus.example.co.jp       | D0m1noTok3nUhYgTfRdEs  | -       | USER_UNKNOWN     | HARD         | text
            arf-yahoo-complaint.eml                        | mia@yahoo.com                 | M1aArfTok3nLkJhGfDsA_q | -       | COMPLAINT        | COMPLAINT    | arf
            arf-aol-redacted-complaint.eml                 | -                             | N0ahAolTok3nZxCvBnMqWe | -       | COMPLAINT        | COMPLAINT    | arf
            arf-report-inside-forwarded-message.eml        | fay@isp.example               | Fwd4rdArfTok3nMnBvCxZ  | -       | COMPLAINT        | COMPLAINT    | arf
            arf-feedback-type-in-text-no-user-agent.eml    | gus@mail.example.com          | TxtArfN0UaTok3nLkJhGfD | -       | COMPLAINT        | COMPLAINT    | arf
            microsoft-jmrp-complaint.eml                   | hal@outlook.com               | JmrpH0tma1lTok3nPoIuYt | -       | COMPLAINT        | COMPLAINT    | arf
            out-of-office-autoreply.eml                    | -                             | P4ulOooTok3nQwErTyUiOp | -       | VACATION         | NOT_A_BOUNCE | auto-reply
            autoreply-x-autoreply.eml                      | -                             | X4ut0R3plyTok3nAsDfGh  | -       | VACATION         | NOT_A_BOUNCE | auto-reply
            autoreply-precedence-auto-reply.eml            | -                             | Pr3c3d3nc3Tok3nZxCvBn  | -       | VACATION         | NOT_A_BOUNCE | auto-reply
            unsubscribe-by-mail.eml                        | kai@example.com               | -                      | -       | UNSUBSCRIBE      | UNSUBSCRIBE  | unsubscribe
            plain-reply.eml                                | -                             | -                      | -       | NOT_A_BOUNCE     | NOT_A_BOUNCE | plain
            several-messages.mbox#1                        | tom@example.org               | T0mMb0xTok3nHardAbCdEf | 5.1.1   | USER_UNKNOWN     | HARD         | dsn
            several-messages.mbox#2                        | uma@slow.example              | Um4T1meoutTok3nGhIjKl  | 4.4.7   | EXPIRED          | SOFT         | dsn
            several-messages.mbox#3                        | -                             | W4lterVac4t1onTok3nMn  | -       | VACATION         | NOT_A_BOUNCE | auto-reply
            several-messages.mbox#4                        | victor@example.net            | V1ctorQuot4Tok3nOpLkJ  | 5.2.2   | MAILBOX_FULL     | SOFT         | text
            powermta-5.2.1-bad-mailbox-category.eml        | hana@example.jp               | Pmt4B4dMb0xTok3nRtYuIo | 5.2.1   | USER_UNKNOWN     | HARD         | dsn
            office365-5.7.133-group-sender-not-authenticated.eml | research-group@fabrikam.example | M365Gr0upTok3nAsDfGhJk | 5.7.133 | BLOCKED | SOFT  | dsn
            gmx-two-recipients-user-unknown-then-full.eml  | ines@example.de               | Gmx2R3cipTok3nZxCvBnMl | 5.2.1   | USER_UNKNOWN     | HARD         | text
            exim-dsn-mailbox-path-full.eml                 | -                             | Ex1mP4thFullTok3nWsEdR | 5.0.0   | MAILBOX_FULL     | SOFT         | dsn
            notes-japanese-not-in-directory-no-charset.eml | sora@notes.example.co.jp      | N0t3sJ1sTok3nOkMnJiUhY | -       | USER_UNKNOWN     | HARD         | text
            dma-dns-lookup-failure-postmaster.eml          | postmaster@gone.example       | DmaDnsF41lTok3nPlOkMnB | -       | HOST_UNKNOWN     | HARD         | text
            apache-james-error-message-below.eml           | lotte@example.com             | J4m3sN0t1c3Tok3nYhNbVf | 5.0.0   | CONTENT_FILTERED | SOFT         | text
            technical-details-smtp-rcpt-no-such-user.eml   | mika@example.com              | T3chD3t41lsTok3nQaWsEd | 5.3.0   | USER_UNKNOWN     | HARD         | text
            sendmail-docomo-unknown-user-after-data.eml    | nao.example@docomo.ne.jp      | D0c0m0D4t4Tok3nUjMkIo  | 5.0.0   | BLOCKED          | SOFT         | dsn
            postfix-laposte-lpn416-invalid-recipient.eml   | odile@laposte.net             | L4P0st3Lpn416Tok3nXsWq | 5.5.0   | USER_UNKNOWN     | HARD         | dsn
            exim-charter-aup-1310-too-many-connections.eml | paul@charter.net              | Ch4rt3rAupTok3nRfVtGbY | 5.1.0   | RATE_LIMITED     | SOFT         | text
            googleworkspace-4.0.0-nxdomain-network-error.eml | quinn@no-mx.example         | Gws4Nxd0m41nTok3nEdCrF | 4.0.0   | NETWORK_ERROR    | SOFT         | dsn
            mfilter-unknown-user-after-data.eml            | yui@example.co.jp             | mF1lt3rD4t4Tok3nIkOlPq | 5.0.0   | CONTENT_FILTERED | SOFT         | text
            qmail-does-not-like-recipient.eml              | ruth@example.org              | Qm41lL1k3Tok3nVfBgNhMj | 5.0.0   | USER_UNKNOWN     | HARD         | text
            gateway-forwarded-sendmail-dsn.eml             | taro@example.co.jp            | Fw4rd3dDsnTok3nHyGtFrD | 5.1.1   | USER_UNKNOWN     | HARD         | dsn
            malformed-content-type-user-unknown.eml        | emi@example.co.jp             | M4lf0rm3dCtTok3nKiJuHy | -       | CONTENT_FILTERED | SOFT         | text
            interscan-unable-to-deliver.eml                | vera.k@example.com            | Tr3ndM1cr0Tok3nWsXcDeV | -       | USER_UNKNOWN     | HARD         | text
            """)
    void classifiesEveryFixture(String fixture, String recipient, String token, String status, BounceReason reason,
                                BounceKind kind, String format) throws Exception {
        Bounce b = parser.parse(Fixtures.raw(fixture));

        assertThat(b.reason()).as("reason").isEqualTo(reason);
        assertThat(b.kind()).as("kind").isEqualTo(kind);
        assertThat(b.recipient()).as("recipient").isEqualTo(recipient);
        assertThat(b.verpToken()).as("VERP token").isEqualTo(token);
        assertThat(b.status()).as("status").isEqualTo(status);
        assertThat(b.format()).as("format").isEqualTo(format);
        assertThat(b.messageKey()).startsWith(fixture.startsWith("qmail") || fixture.endsWith("#4") ? "sha256:" : "mid:");
    }

    /**
     * The returned message's Message-ID is picked up by the parse itself (on its thread, under its
     * time limit), not by a second pass over the bytes afterwards; the MAC is checked later, by
     * whoever holds the secret.
     */
    @Test
    void theReturnedMessagesMessageIdIsPickedUpByTheParse() throws Exception {
        String ours = "<digest-12-7-0123456789abcdef0123456789abcdef@" + Fixtures.DOMAIN + ">";
        String s = new String(Fixtures.raw("postfix-5.1.1-user-unknown.eml"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replaceAll("(?m)^Message-ID: <issue12\\.[^>]*>", "Message-ID: " + ours);

        Bounce b = parser.parse(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat(b.messageIds()).containsExactly(ours);
        assertThat(parser.parse(Fixtures.raw("postfix-5.1.1-user-unknown.eml")).messageIds()).isEmpty();
    }

    /** A message made of Message-ID openings yields a bounded list, not one entry per opening. */
    @Test
    void aFloodOfMessageIdLookalikesIsBounded() throws Exception {
        String flood = "<digest-1-2-ab@" + Fixtures.DOMAIN + ">\n";
        byte[] mail = ("From: MAILER-DAEMON@mx.example.net\nTo: bounces@" + Fixtures.DOMAIN + "\nSubject: Undelivered Mail\n\n"
                + flood.repeat(50_000)).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(parser.parse(mail).messageIds()).hasSize(64).containsOnly(flood.strip());
    }

    @Test
    void aMailToTheUnsubscribeAddressExposesItsToken() throws Exception {
        Bounce b = parser.parse(Fixtures.raw("unsubscribe-by-mail.eml"));

        assertThat(b.unsubscribeToken()).isEqualTo("Uns7bScr1b3Tok3nQaZwSx");
        assertThat(b.describe()).startsWith("unsubscribe");
    }

    @Test
    void anUnsubscribeAddressOnAnotherDomainIsNotOurs() throws Exception {
        Bounce b = new BounceParser("other.example").parse(Fixtures.raw("unsubscribe-by-mail.eml"));

        assertThat(b.kind()).isEqualTo(BounceKind.NOT_A_BOUNCE);
        assertThat(b.unsubscribeToken()).isNull();
    }

    @Test
    void complaintsCarryTheirFeedbackType() throws Exception {
        assertThat(parser.parse(Fixtures.raw("arf-yahoo-complaint.eml")).feedbackType()).isEqualTo("abuse");
        assertThat(parser.parse(Fixtures.raw("amazon-ses-json-complaint.eml")).feedbackType()).isEqualTo("abuse");
    }

    @Test
    void anAuthenticationFailureReportIsAFeedbackReportButNoComplaintAgainstTheReader() throws Exception {
        String arf = new String(Fixtures.raw("arf-yahoo-complaint.eml"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("Feedback-Type: abuse", "Feedback-Type: auth-failure");

        Bounce b = parser.parse(arf.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat(b.reason()).isEqualTo(BounceReason.COMPLAINT);
        assertThat(b.kind()).isEqualTo(BounceKind.NOT_A_BOUNCE);
        assertThat(b.feedbackType()).isEqualTo("auth-failure");
    }

    @Test
    void aSingleMessageSavedWithItsMboxSeparatorLineIsRead() throws Exception {
        byte[] raw = ("From MAILER-DAEMON Mon Nov 30 08:00:04 2026\n"
                + new String(Fixtures.raw("postfix-5.1.1-user-unknown.eml"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(parser.parse(raw).reason()).isEqualTo(BounceReason.USER_UNKNOWN);
    }

    /** IMAP and POP3 hand messages over with CRLF line ends; files usually have LF. Same result. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "postfix-5.1.1-user-unknown.eml", "exim-550-text.eml", "sendmail-dsn.eml",
            "office365-5.1.10-recipient-not-found.eml", "gmail-550-5.1.1-no-such-user.eml", "amazon-ses-dsn.eml",
            "qmail-failure-notice.eml", "arf-aol-redacted-complaint.eml", "out-of-office-autoreply.eml",
            "several-messages.mbox#4", "amazon-ses-json-complaint.eml", "opensmtpd-550-user-unknown.eml",
            "courier-5.2.2-mailbox-full.eml", "domino-not-listed-in-directory.eml", "microsoft-jmrp-complaint.eml",
            "arf-report-inside-forwarded-message.eml", "unsubscribe-by-mail.eml"})
    void crlfLineEndsChangeNothing(String fixture) throws Exception {
        byte[] lf = Fixtures.raw(fixture);
        byte[] crlf = new String(lf, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\n", "\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        Bounce a = parser.parse(lf);
        Bounce b = parser.parse(crlf);

        assertThat(b.kind()).isEqualTo(a.kind());
        assertThat(b.reason()).isEqualTo(a.reason());
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
    void theDiagnosticQuotesTheRemoteServer() throws Exception {
        Bounce b = parser.parse(Fixtures.raw("office365-5.7.606-banned-ip.eml"));
        assertThat(b.reason()).isEqualTo(BounceReason.BLOCKED);
        assertThat(b.diagnostic()).contains("banned sending IP");
        assertThat(b.describe()).startsWith("soft 5.7.606 blocked (spam or policy): 550 5.7.606");
    }
}
