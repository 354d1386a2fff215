package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules themselves, code by code: bad addresses are hard, the sender's own problems are soft. */
class BounceClassifierTest {

    @ParameterizedTest(name = "{0} \"{1}\" is {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            5.1.1   | 550 5.1.1 User unknown                                          | USER_UNKNOWN     | HARD
            5.1.2   | 550 5.1.2 Host unknown                                          | HOST_UNKNOWN     | HARD
            5.1.6   | 550 5.1.6 Recipient has moved                                   | HAS_MOVED        | HARD
            5.1.10  | 550 5.1.10 RESOLVER.ADR.RecipientNotFound                       | USER_UNKNOWN     | HARD
            5.1.10  | 556 5.1.10 Recipient address has null MX                        | HOST_UNKNOWN     | HARD
            5.4.4   | Host or domain name not found                                   | HOST_UNKNOWN     | HARD
            5.0.0   | 550 No such user here (in reply to RCPT TO command)              | USER_UNKNOWN     | HARD
            5.0.0   | 550 No such user here (in reply to end of DATA command)          | CONTENT_FILTERED | SOFT
            5.0.0   | 550 No such user here                                           | CONTENT_FILTERED | SOFT
            4.1.1   | 450 4.1.1 <a@example.org>: Recipient address rejected: User unknown in local recipient table | USER_UNKNOWN | HARD
            5.4.1   | 550 5.4.1 Recipient address rejected: Access denied             | USER_UNKNOWN     | HARD
            -       | 550 Requested action not taken: mailbox unavailable, user unknown (in reply to RCPT TO command) | USER_UNKNOWN | HARD
            5.2.1   | 550 5.2.1 The email account that you tried to reach is disabled | SUSPENDED        | SOFT
            5.0.0   | 550 Account suspended                                           | SUSPENDED        | SOFT
            5.1.8   | 553 5.1.8 Sender address domain does not exist                  | BLOCKED          | SOFT
            5.2.2   | 552 5.2.2 Mailbox full                                          | MAILBOX_FULL     | SOFT
            5.1.1   | 550 5.1.1 Mailbox full                                          | MAILBOX_FULL     | SOFT
            4.2.2   | 452-4.2.2 over quota                                            | MAILBOX_FULL     | SOFT
            5.3.4   | 552 5.3.4 Message size exceeds fixed limit                      | MESSAGE_TOO_BIG  | SOFT
            4.4.7   | Connection timed out                                            | EXPIRED          | SOFT
            5.7.1   | 550 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org | BLOCKED | SOFT
            5.7.1   | 554 5.7.1 Message rejected as spam                              | BLOCKED          | SOFT
            5.0.0   | 550 Message content rejected, UBE                               | BLOCKED          | SOFT
            5.6.0   | 554 5.6.0 Virus found in message                                | CONTENT_FILTERED | SOFT
            5.7.1   | 550 5.7.1 This message is not RFC 5322 compliant                | CONTENT_FILTERED | SOFT
            5.7.26  | 550 5.7.26 Unauthenticated email is not accepted                | SECURITY_ERROR   | SOFT
            5.7.1   | 550 5.7.1 SPF check failed                                      | SECURITY_ERROR   | SOFT
            5.7.606 | 550 5.7.606 Access denied, banned sending IP                    | BLOCKED          | SOFT
            5.7.25  | 550 5.7.25 The IP address sending this message does not have a PTR record | BLOCKED | SOFT
            4.7.0   | 421 4.7.0 Too many connections from your IP                     | RATE_LIMITED     | SOFT
            5.5.3   | 452 5.5.3 Too many recipients                                   | RATE_LIMITED     | SOFT
            5.0.0   | 554 relay access denied                                         | BLOCKED          | SOFT
            5.4.6   | 554 5.4.6 Too many hops                                         | NETWORK_ERROR    | SOFT
            4.4.0   | DNS Error: DNS type 'mx' lookup responded with code SERVFAIL    | NETWORK_ERROR    | SOFT
            5.3.0   | 554 5.3.0 Internal system error                                 | SYSTEM_ERROR     | SOFT
            5.0.0   | procmail: Couldn't create "/var/mail/neko"                      | MAILER_ERROR     | SOFT
            5.0.0   | 550 Message rejected                                            | UNKNOWN          | SOFT
            -       | something went wrong                                            | UNKNOWN          | SOFT
            """)
    void classifies(String status, String diagnostic, BounceReason reason, BounceKind kind) {
        BounceClassifier.Verdict v = BounceClassifier.classify(status, diagnostic);
        assertThat(v.reason()).isEqualTo(reason);
        assertThat(v.kind()).isEqualTo(kind);
    }

    @ParameterizedTest(name = "\"{0}\" answers {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            host mx.example.org said: 550 5.1.1 unknown (in reply to RCPT TO command) | RCPT
            said: 554 rejected (in reply to end of DATA command)                      | DATA
            SMTP error from remote mail server after MAIL FROM:<a@b.example>: 550 no  | MAIL
            SMTP error from remote mail server after end of data: 550 spam            | DATA
            lost connection with mx.example.org while receiving the initial server greeting | CONN
            550 user unknown                                                          | -
            """)
    void findsTheSmtpCommandTheServerAnswered(String text, String command) {
        assertThat(BounceClassifier.smtpCommand(text)).isEqualTo(command);
    }

    @org.junit.jupiter.api.Test
    void aSendmailTranscriptNamesTheCommandBeforeTheReply() {
        String transcript = "... while talking to mx.example.org.:\n>>> DATA\n<<< 550 5.0.0 <a@example.org>... User unknown\n";
        assertThat(BounceClassifier.smtpCommand(transcript)).isEqualTo("DATA");
        assertThat(BounceClassifier.classify(new BounceClassifier.Evidence("5.0.0", null,
                "550 5.0.0 <a@example.org>... User unknown", "failed", null, "DATA")).reason())
                .isEqualTo(BounceReason.CONTENT_FILTERED);
    }

    @ParameterizedTest(name = "{0} / \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            5.1.1   | smtp; 550 5.1.1 user unknown          | 5.1.1
            5.0.0   | smtp; 550 5.1.1 user unknown          | 5.1.1
            5.0.0   | smtp; 450 4.2.2 full                  | 5.0.0
            -       | smtp; 550-5.1.1 The email account     | 5.1.1
            -       | smtp; 554 rejected                    | 5.0.0
            -       | delivered via 10.1.2.3 version 1.2.3.4 | -
            4.4.7   | -                                     | 4.4.7
            """)
    void picksTheMostSpecificStatus(String declared, String diagnostic, String expected) {
        assertThat(BounceClassifier.bestStatus(declared, diagnostic)).isEqualTo(expected);
    }
}
