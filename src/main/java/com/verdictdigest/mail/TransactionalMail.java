package com.verdictdigest.mail;

/**
 * A mail to one person that is not a list mail (the sign-up flow's "confirm", "already
 * subscribed"): text and HTML alternatives, no List-* headers, marked {@code Auto-Submitted}.
 */
public record TransactionalMail(EmailAddress to, String subject, String html, String text) {

    public TransactionalMail {
        if (to == null || subject == null || html == null || text == null) {
            throw new IllegalArgumentException("a transactional mail needs a recipient, a subject, HTML and text");
        }
    }
}
