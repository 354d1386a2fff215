package com.verdictdigest.bounces;

/**
 * Reports anybody could write to the bounce mailbox to get a subscriber suppressed: they name
 * Ada's address and carry neither a VERP token of ours nor a Message-ID we sent. Written for
 * these tests.
 */
final class ForgedReports {

    /** An RFC 3464 report of a hard bounce for ada@example.com, sent to the bare bounce address. */
    static final String DSN = """
            Return-Path: <>
            From: Mail Delivery System <MAILER-DAEMON@mx.forger.example>
            To: bounces@verdicts.example.com
            Subject: Undelivered Mail Returned to Sender
            Date: Tue, 24 Nov 2026 10:00:00 +0000
            Message-ID: <forged-1@mx.forger.example>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"

            --b
            Content-Type: text/plain

            Your message could not be delivered to one or more recipients.

            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.forger.example

            Final-Recipient: rfc822; ada@example.com
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 <ada@example.com>: Recipient address rejected: User unknown

            --b--
            """.replace("\n", "\r\n");

    /** An RFC 5965 abuse report about ada@example.com, with a made-up message attached. */
    static final String ARF = """
            Return-Path: <>
            From: Feedback Loop <fbl@isp.forger.example>
            To: bounces@verdicts.example.com
            Subject: Abuse report
            Date: Tue, 24 Nov 2026 10:05:00 +0000
            Message-ID: <forged-arf-1@isp.forger.example>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report; boundary="b"

            --b
            Content-Type: text/plain

            This is an abuse report.

            --b
            Content-Type: message/feedback-report

            Feedback-Type: abuse
            User-Agent: ForgedFBL/1.0
            Version: 1
            Original-Rcpt-To: <ada@example.com>

            --b
            Content-Type: message/rfc822

            From: Verdict Digest <digest@verdicts.example.com>
            To: ada@example.com
            Subject: Verdict Digest #12
            Message-ID: <digest-12-1@verdicts.example.com>

            Hello.

            --b--
            """.replace("\n", "\r\n");

    private ForgedReports() {
    }
}
