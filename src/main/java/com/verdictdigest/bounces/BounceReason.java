package com.verdictdigest.bounces;

/**
 * Why a message came back: the taxonomy every message of the bounce mailbox is classified into.
 * It follows the reasons of the open-source bounce library Sisimai (the reference the classifier is
 * measured against, see {@code bench/bounce-agreement}), merged where we act alike.
 *
 * <p>{@link BounceClassifier} decides, in the reference's order, from the remote host's provider
 * codes, the mail system's own verdicts, the remote server's words, the RFC 3463 enhanced status
 * code, the SMTP reply code and the SMTP command the server answered. Each constant says how it is
 * recognised. Only {@link #hard()} reasons say that the address itself cannot receive; a permanent
 * (5.x.x) status alone never makes a bounce hard, and "user unknown" words make it hard only when
 * the server refused the recipient at RCPT TO (or the status or the mail system's own lookup says
 * so): the same words after DATA are the recipient's filter.
 */
public enum BounceReason {
    /**
     * The mailbox does not exist: x.1.1, x.1.3, 5.1.0, Microsoft's 5.1.10 and 5.4.1 edge blocking
     * (RESOLVER.ADR.RecipientNotFound, "recipient address rejected: access denied"), a mail system's
     * own lookup (qmail, Domino/Notes, IMail, Postfix's recipient tables), or texts such as "user
     * unknown", "no such user", "mailbox not found" answering RCPT TO under any status (5.0.0,
     * 5.2.1, 4.x.x at the end of the retries).
     */
    USER_UNKNOWN("user unknown", true),
    /**
     * The domain does not exist or accepts no mail: 5.1.2, 5.4.4, a null MX (RFC 7505: 5.1.10,
     * 5.7.27 outside Google, "null MX"), x.3.2 "not accepting messages", or texts such as "host
     * unknown", "domain not found", "no MX", "unrouteable address", "all relevant MX records point
     * to non-existent hosts" (not a DNS failure said to be temporary).
     */
    HOST_UNKNOWN("host unknown", true),
    /** The mailbox moved and left no forwarding: x.1.6, "has moved", "address changed". */
    HAS_MOVED("has moved", true),
    /** Over quota: x.2.2, "mailbox full", "over quota", "insufficient disk space" for the user. */
    MAILBOX_FULL("mailbox full", false),
    /** The message is larger than the recipient's limit: x.2.3, x.3.4, "message too large". */
    MESSAGE_TOO_BIG("message too big", false),
    /**
     * The message was refused for what it contains or how it is built, or by the recipient's own
     * filter: x.6.x, "virus", "not RFC 5322 compliant", "duplicate header"; "user unknown" said after
     * DATA or at an SMTP step the report does not name, 5.2.0/5.2.1/5.2.4 with such words or with
     * "refused by recipient", "recipient preferences" (the reference's Filtered, soft as there).
     */
    CONTENT_FILTERED("content filtered", false),
    /**
     * The sending host, domain or envelope sender was refused: a block list, bad reputation, spam
     * detected, a missing PTR record, a relay refused, a policy: x.7.1 with a block or spam text,
     * x.1.7 / x.1.8 (the sender's address), 5.7.25 (PTR), 5.7.28, texts such as "blocked",
     * "blacklisted", "spamhaus", "spam", "relay access denied", "policy", "reverse DNS". The
     * sender's problem, never the address's: soft. Refused at connection or EHLO without other words, too.
     */
    BLOCKED("blocked (spam or policy)", false),
    /**
     * The sender failed authentication (SPF, DKIM, DMARC) or a security requirement (TLS,
     * SMTP AUTH): 5.7.20-5.7.26, 5.7.29, other x.7.x without a more specific text, texts naming
     * SPF, DKIM or DMARC.
     */
    SECURITY_ERROR("sender security error", false),
    /** Too many messages or connections: 5.5.3, "too many connections" or recipients, "rate limit", "frequency limited", greylisting. */
    RATE_LIMITED("rate limited", false),
    /** The account exists but is disabled or suspended: 5.7.13, 4.2.1, reply 525, "account disabled", "account suspended", "inactive". */
    SUSPENDED("suspended account", false),
    /** Undeliverable after the retries: x.4.7 (and 4.4.1), Action: delayed/expired, "retry timeout exceeded", "message expired", "connection timed out". */
    EXPIRED("expired", false),
    /** The route failed: x.4.2, x.4.6, x.4.8, "DNS error", "no route to host", "too many hops", "lost connection", "could not establish an SMTP connection". */
    NETWORK_ERROR("network error", false),
    /** The receiving system failed: x.3.0/1/3/5, x.4.3, x.5.x, "internal system error", "insufficient disk space", "LDAP", "service unavailable", 50x syntax replies. */
    SYSTEM_ERROR("system error", false),
    /** A local delivery program failed: "procmail", "pipe to |program", "command died", an "X-Unix;" or "X-Postfix;" diagnostic without other words. */
    MAILER_ERROR("mailer error", false),
    /** An auto-reply (RFC 3834 Auto-Submitted, X-Autoreply, Precedence: auto_reply, out-of-office subjects). Never a bounce. */
    VACATION("vacation/auto-reply", false),
    /** A feedback report: RFC 5965 ARF (any feedback type), Microsoft JMRP, an Amazon SES complaint notification. */
    COMPLAINT("complaint", false),
    /** A failure the evidence does not explain (no code, no known text). */
    UNKNOWN("unknown", false),
    /** Not a failure: plain mail, a delivery or relay report. */
    NOT_A_BOUNCE("not a bounce", false),
    /** A mail to the {@code unsubscribe+TOKEN@domain} address offered in List-Unsubscribe. */
    UNSUBSCRIBE("unsubscribe request", false);

    private final String label;
    private final boolean hard;

    BounceReason(String label, boolean hard) {
        this.label = label;
        this.hard = hard;
    }

    public String label() {
        return label;
    }

    /** True when the address itself cannot receive, so that a failure for this reason is a hard bounce. */
    public boolean hard() {
        return hard;
    }
}
