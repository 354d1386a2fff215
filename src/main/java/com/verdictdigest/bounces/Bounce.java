package com.verdictdigest.bounces;

/**
 * What the parser read from one message of the bounce mailbox.
 *
 * @param kind       hard, soft, complaint or not a bounce
 * @param verpToken  the subscriber token from a VERP address in the message, if any
 * @param recipient  the failed address the report names (Final-Recipient, Original-Rcpt-To, or the
 *                   address in a non-standard bounce text), if any
 * @param status     the RFC 3463 status code, e.g. "5.1.1", if any
 * @param reason     a short human reason: the diagnostic, "auto-reply", "feedback-type abuse"...
 * @param format     how it was read: "dsn", "arf", "text", "auto-reply", "plain"
 * @param messageKey identity of the bounce message itself (its Message-ID, else a hash of its
 *                   bytes), so that one message is never counted twice
 */
public record Bounce(BounceKind kind, String verpToken, String recipient, String status, String reason,
                     String format, String messageKey) {

    /** One line for logs and subscriber events. */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind.label());
        if (status != null) {
            sb.append(' ').append(status);
        }
        if (reason != null && !reason.isBlank()) {
            sb.append(": ").append(reason);
        }
        return sb.toString();
    }
}
