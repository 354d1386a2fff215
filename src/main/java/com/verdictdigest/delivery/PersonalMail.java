package com.verdictdigest.delivery;

/**
 * One subscriber's copy of an issue, as the digest renders it.
 *
 * @param subject the subject line (plain text; encoded by the message builder)
 * @param html    the HTML alternative, or null for a text-only mail
 * @param text    the plain-text version: always present, the same words as the HTML
 */
public record PersonalMail(String subject, String html, String text) {

    public PersonalMail {
        if (subject == null || text == null) {
            throw new IllegalArgumentException("a mail needs a subject and a text part");
        }
    }
}
