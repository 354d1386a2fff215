package com.verdictdigest.bounces;

import java.util.List;

/**
 * What the parser read from one message of the bounce mailbox.
 *
 * @param kind             what it means for the recipient: hard, soft, complaint, unsubscribe or not a bounce
 * @param reason           why, in the taxonomy of {@link BounceReason}
 * @param verpToken        the subscriber token from a VERP address in the message, if any
 * @param recipient        the failed address the report names (Final-Recipient, Original-Rcpt-To, or the
 *                         address in a non-standard bounce text), if any
 * @param status           the RFC 3463 status code, e.g. "5.1.1", if any
 * @param diagnostic       the remote server's words or the report's explanation, one line, at most 300 characters
 * @param format           how it was read: "dsn", "arf", "ses-json", "text", "auto-reply", "unsubscribe", "plain"
 * @param feedbackType     a complaint's feedback type ("abuse", "opt-out"...), else null
 * @param unsubscribeToken the TOKEN of a mail to {@code unsubscribe+TOKEN@domain}, else null
 * @param messageKey       identity of the bounce message itself (its Message-ID, else a hash of its
 *                         bytes), so that one message is never counted twice
 * @param messageIds       what in the message has the shape of our Message-IDs (the returned message's
 *                         headers, the reported message), not yet checked: see {@code ListMessageIds}
 */
public record Bounce(BounceKind kind, BounceReason reason, String verpToken, String recipient, String status,
                     String diagnostic, String format, String feedbackType, String unsubscribeToken, String messageKey,
                     List<String> messageIds) {

    public Bounce {
        messageIds = List.copyOf(messageIds);
    }

    /** One line for logs and subscriber events: "hard 5.1.1 user unknown: 550 5.1.1 ... does not exist". */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind.label());
        if (status != null) {
            sb.append(' ').append(status);
        }
        if (reason != null && !reason.label().equals(kind.label())) {
            sb.append(' ').append(reason.label());
        }
        if (diagnostic != null && !diagnostic.isBlank()) {
            sb.append(": ").append(diagnostic);
        }
        return sb.toString();
    }
}
