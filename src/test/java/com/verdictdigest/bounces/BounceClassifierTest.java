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
            5.1.1   | 550 5.1.1 <filtered@example.jp>... User unknown                 | USER_UNKNOWN     | HARD
            5.2.1   | 550 5.2.1 <a@example.jp>... User Unknown                        | CONTENT_FILTERED | SOFT
            5.2.1   | 550 5.2.1 <a@example.jp>... User Unknown (in reply to RCPT TO command) | USER_UNKNOWN | HARD
            5.1.1   | 554 5.1.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org | BLOCKED | SOFT
            5.0.0   | Sorry, no mailbox here by that name. (#5.1.1)                   | USER_UNKNOWN     | HARD
            5.0.0   | User some.one (a@example.jp) not listed in Domino Directory     | USER_UNKNOWN     | HARD
            5.0.0   | ユーザーNeko (a@example.jp) は Domino ディレクトリには見つかりません。 | USER_UNKNOWN | HARD
            -       | Unknown user: a@example.jp                                      | USER_UNKNOWN     | HARD
            4.1.1   | 450 4.1.1 <a@example.org>: Recipient address rejected: User unknown in virtual mailbox table | USER_UNKNOWN | HARD
            5.1.1   | 550 5.1.1 RESOLVER.ADR.RecipNotFound; not found                 | USER_UNKNOWN     | HARD
            5.4.4   | 554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain    | HOST_UNKNOWN     | HARD
            5.7.1   | 550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized            | BLOCKED          | SOFT
            4.4.7   | 550 4.4.7 QUEUE.Expired; message expired                        | EXPIRED          | SOFT
            -       | all relevant MX records point to non-existent hosts             | HOST_UNKNOWN     | HARD
            -       | malformed address: <b@example.net> may not follow a@example.com | SYSTEM_ERROR     | SOFT
            5.0.0   | 550 Unauthenticated senders not allowed                         | SECURITY_ERROR   | SOFT
            5.0.0   | 554 Transaction failed: Duplicate header 'DKIM-Signature'.      | CONTENT_FILTERED | SOFT
            5.0.0   | 550 Bad SPF records for [example.org:192.0.2.2]                 | SECURITY_ERROR   | SOFT
            5.0.0   | Your email was rejected due to spam classification. Set up SPF records for your domain | BLOCKED | SOFT
            5.0.0   | Name service error for domain example.com: Host not found, try again | NETWORK_ERROR | SOFT
            -       | DNS lookup failure: host mx.no-such-domain.example not found    | HOST_UNKNOWN     | HARD
            5.4.316 | 550 5.4.316 Message expired, connection refused                 | EXPIRED          | SOFT
            5.0.0   | 550 Insecure Mail Relay                                         | BLOCKED          | SOFT
            5.0.0   | 550 domain [example.com] mismatches client ip 192.0.2.225.      | BLOCKED          | SOFT
            5.7.0   | 554 5.7.0 Header error                                          | BLOCKED          | SOFT
            5.7.0   | 550 5.7.0 <a@example.jp>: Recipient address rejected: Policy violation | SECURITY_ERROR | SOFT
            4.0.0   | all hosts have been failing for a long time and were last tried after this message arrived | EXPIRED | SOFT
            -       | Message 1vXyZa-0001Ab-Cd has been frozen. The sender is <a@example.org> | EXPIRED | SOFT
            5.1.10  | 550 5.1.10 host/domain does not accept mail                     | HOST_UNKNOWN     | HARD
            4.0.0   | 450 service permits 2 unverifyable sending IPs - relay.example.com is not 192.0.2.1 | BLOCKED | SOFT
            """)
    void classifies(String status, String diagnostic, BounceReason reason, BounceKind kind) {
        BounceClassifier.Verdict v = BounceClassifier.classify(status, diagnostic);
        assertThat(v.reason()).isEqualTo(reason);
        assertThat(v.kind()).isEqualTo(kind);
    }

    /** The SMTP step and the remote (or reporting) host change the verdict, as the reference has it. */
    @ParameterizedTest(name = "{0} \"{1}\" at {2} from {3}/{4}/{5} is {6}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            5.0.0   | 550 No such user here                                             | RCPT | -                          | -           | -              | USER_UNKNOWN
            5.0.0   | 550 No such user here                                             | DATA | -                          | -           | -              | CONTENT_FILTERED
            5.0.0   | 550 No such user here                                             | -    | -                          | -           | -              | CONTENT_FILTERED
            5.0.0   | 550 5.0.0 Access denied                                           | MAIL | -                          | -           | -              | BLOCKED
            5.0.0   | 554 This message looks like spam                                  | RCPT | -                          | -           | -              | BLOCKED
            5.0.0   | 421 Service not available, closing transmission channel           | EHLO | -                          | -           | -              | BLOCKED
            5.0.0   | 550 Unknown user a@docomo.ne.jp                                   | DATA | mfsmax.docomo.ne.jp        | docomo.ne.jp | -             | BLOCKED
            5.0.0   | 550 Unknown user a@docomo.ne.jp                                   | RCPT | mfsmax.docomo.ne.jp        | docomo.ne.jp | -             | USER_UNKNOWN
            5.5.0   | 550 5.5.0 Adresse destinataire invalide. Invalid recipient. LPN007_416 | RCPT | smtp-in.laposte.net | laposte.net | -          | USER_UNKNOWN
            4.2.1   | 421 4.2.1 Service refuse. Veuillez essayer plus tard. LPN006_107  | -    | smtp-in.orange.fr          | orange.fr   | -              | BLOCKED
            5.1.0   | 550 5.1.0 <b@example.com> sender rejected. AUP#In-1310            | RCPT | mx.charter.net             | charter.net | -              | RATE_LIMITED
            5.7.1   | 554 5.7.1 IP listed. IB110                                        | RCPT | smtp.secureserver.net      | -           | -              | BLOCKED
            5.7.27  | 550 5.7.27 The sender does not authenticate with SPF              | RCPT | gmail-smtp-in.l.google.com | gmail.com   | -              | SECURITY_ERROR
            5.7.27  | 550 5.7.27 Recipient domain has a null MX                         | RCPT | mx.example.net             | example.net | -              | HOST_UNKNOWN
            4.0.0   | DNS Error: DNS type 'mx' lookup of example.jp responded with code NXDOMAIN Domain name not found: example.jp | - | - | example.jp | - | HOST_UNKNOWN
            4.0.0   | DNS Error: DNS type 'mx' lookup of example.jp responded with code NXDOMAIN Domain name not found: example.jp | - | - | example.jp | googlemail.com | NETWORK_ERROR
            5.0.0   | Your message wasn't delivered because the address couldn't be found | - | -                     | example.it  | googlemail.com | USER_UNKNOWN
            5.7.606 | 550 5.7.606 Access denied, banned sending IP [192.0.2.1]          | RCPT | mx.protection.outlook.com  | -           | -              | BLOCKED
            5.4.1   | 550 5.4.1 Relay Access Denied                                     | RCPT | mx.protection.outlook.com  | -           | -              | BLOCKED
            5.5.0   | 550 Requested action not taken: mailbox unavailable (-1:2:-3)     | -    | mx1.hotmail.com            | hotmail.com | -              | USER_UNKNOWN
            5.0.0   | 554 delivery error: dd This user doesn't have a yahoo.com account [0] | - | mta5.am0.yahoodns.net     | yahoo.com   | -              | USER_UNKNOWN
            4.7.0   | 421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints | MAIL | mta7.am0.yahoodns.net | yahoo.com | - | BLOCKED
            5.1.1   | 550 5.1.1 <d@icloud.com>: inactive email address                  | RCPT | mx01.mail.icloud.com       | icloud.com  | -              | USER_UNKNOWN
            5.0.0   | 550 Mailbox not found                                             | -    | mx3.qq.com                 | qq.com      | -              | USER_UNKNOWN
            5.0.0   | 550 Connection frequency limited                                  | -    | mx3.qq.com                 | qq.com      | -              | RATE_LIMITED
            5.0.0   | 550 : User unknown                                                | -    | -                          | ezweb.ne.jp | -              | CONTENT_FILTERED
            5.0.0   | 550 <e@ezweb.ne.jp>: User unknown                                 | -    | -                          | ezweb.ne.jp | -              | USER_UNKNOWN
            5.0.0   | 550 Spam message discarded. See http://mail.i.ua/err/9            | -    | mx.email.ua                | email.ua    | -              | BLOCKED
            5.0.0   | 554 email rejected due to security policies - MCSpamSignature.x   | DATA | eu-smtp-inbound-1.mimecast.com | -       | -              | CONTENT_FILTERED
            5.0.0   | 542 kijitora@example.org Rejected                                 | -    | -                          | -           | server-5.bemta-1.messagelabs.com | USER_UNKNOWN
            5.0.0   | 550 AUP#CXBL blocked                                              | RCPT | cxr.mx.a.cox.net           | cox.net     | -              | BLOCKED
            5.0.0   | 550 Virus found in the attachment; message refused                 | DATA | mx.example.net             | -           | -              | CONTENT_FILTERED
            5.0.0   | 550 Virus found in the attachment; message refused                 | -    | -                          | -           | -              | CONTENT_FILTERED
            5.0.0   | 554 Invalid IP for sending mail of domain example.com              | RCPT | mx.example.net             | -           | -              | BLOCKED
            5.0.0   | 550 SC-001 Mail rejected for policy reasons; too many messages    | RCPT | mx.example.net             | -           | -              | BLOCKED
            5.4.6   | 554 5.4.6 Too many hops, possible mail loop                       | DATA | mx.example.net             | -           | -              | NETWORK_ERROR
            5.1.1   | 550 5.1.1 Not delivered: refused due to recipient preferences     | -    | mx.example.net             | -           | -              | CONTENT_FILTERED
            5.7.0   | 554 554 5.7.0 Message rejected (state 18).                         | -    | -                          | example.org | googlemail.com | CONTENT_FILTERED
            5.0.0   | 550 550 No such mailbox (state 14).                                | -    | -                          | example.org | googlemail.com | USER_UNKNOWN
            5.7.1   | 550 550 5.7.1 SPF failed, refused (state 15).                      | -    | -                          | example.org | googlemail.com | SECURITY_ERROR
            5.1.10  | See DSN 5.1.10 in Exchange Online and Office 365 help             | -    | -                          | example.org | -              | USER_UNKNOWN
            5.4.1   | 550 5.4.1 All recipients refused: Access denied [x.eur.prod.protection.outlook.com] | - | - | example.org | -              | BLOCKED
            5.0.0   | 550 Requested action not taken: no such user here                 | -    | -                          | vtext.com   | -              | USER_UNKNOWN
            """)
    void classifiesWithTheCommandAndTheHosts(String status, String diagnostic, String command, String remoteHost, String domain,
                                             String reportingHost, BounceReason reason) {
        BounceClassifier.Verdict v = BounceClassifier.classify(new BounceClassifier.Evidence(status, null, diagnostic, "failed",
                null, command, remoteHost, domain, reportingHost));
        assertThat(v.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "\"{0}\" answers {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            host mx.example.org said: 550 5.1.1 unknown (in reply to RCPT TO command) | RCPT
            said: 554 rejected (in reply to end of DATA command)                      | DATA
            SMTP error from remote mail server after MAIL FROM:<a@b.example>: 550 no  | MAIL
            SMTP error from remote mail server after end of data: 550 spam            | DATA
            lost connection with mx.example.org while receiving the initial server greeting | CONN
            550 user unknown                                                          | -
            SMTP error from remote mail server after initial connection: 554 no       | CONN
            host mx.example.org refused to talk to me: 421 Service not available      | EHLO
            mx.example.org does not like recipient.                                   | RCPT
            mx.example.org [192.0.2.1] did not like our RCPT TO: 550 no               | RCPT
            most progress was RCPT TO response; remote host 192.0.2.1 said: 550 no    | RCPT
            SMTP:RCPT host 192.0.2.8: 553 5.3.0 No such user here                    | RCPT
            Error following RCPT command). It responded as follows: [550 5.1.1 no]    | RCPT
            Remote server returned unknown recipient or mailbox unavailable -> 550 no | RCPT
            """)
    void findsTheSmtpCommandTheServerAnswered(String text, String command) {
        assertThat(BounceClassifier.smtpCommand(text)).isEqualTo(command);
    }

    @ParameterizedTest(name = "\"{0}\" quotes {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            550 5.1.1 RCPT TO:<a@example.org> User unknown  | RCPT
            DATA: 554 5.7.1 message refused                 | DATA
            MAIL FROM:<b@example.net> refused               | MAIL
            the data of this mail was refused               | -
            """)
    void findsACommandQuotedInCapitals(String text, String command) {
        assertThat(BounceClassifier.commandNamedIn(text)).isEqualTo(command);
    }

    @org.junit.jupiter.api.Test
    void aTranscriptsStatusIsItsFirstFailureNotTheAcceptedSteps() {
        String transcript = " Out: 250 2.1.0 Ok\n In:  RCPT TO:<a@example.org>\n Out: 250 2.1.5 Ok\n In:  DATA\n Out: 451 4.3.0 Error: queue file write error\n";
        assertThat(BounceClassifier.enhancedCodeIn(transcript, true)).contains("4.3.0");
        assertThat(BounceClassifier.classify(BounceClassifier.enhancedCodeIn(transcript, true).orElseThrow(), transcript).reason())
                .isEqualTo(BounceReason.SYSTEM_ERROR);
    }

    @org.junit.jupiter.api.Test
    void aLabelledCommandLineIsTheStep() {
        assertThat(BounceClassifier.smtpCommand("-------server message\n550 unknown user\n-------SMTP command\nDATA\n")).isEqualTo("DATA");
    }

    @org.junit.jupiter.api.Test
    void eximRefusedAfterHeloIsABlock() {
        assertThat(BounceClassifier.classify(new BounceClassifier.Evidence("5.0.0", null,
                "SMTP error from remote mail server after EHLO mail.example.com: 550 no such user here", "failed", "exim", null))
                .reason()).isEqualTo(BounceReason.BLOCKED);
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
            4.4.7   | 450 4.7.1 Access denied. IP name lookup failed | 4.7.1
            5.2.0   | 550 5.2.1 <a@example.jp>... disabled  | 5.2.1
            5.3.0   | 553 5.1.1 no such user                | 5.1.1
            5.1.1   | 550 5.7.1 relaying denied             | 5.1.1
            5.1.1   | 550 5.0.0 user unknown                | 5.1.1
            -       | Out: 250 2.1.0 Ok                     | 2.1.0
            """)
    void picksTheMostSpecificStatus(String declared, String diagnostic, String expected) {
        assertThat(BounceClassifier.bestStatus(declared, diagnostic)).isEqualTo(expected);
    }
}
