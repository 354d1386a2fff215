package com.verdictdigest.mail;


/**
 * One subscriber's copy of an issue, as the digest renders it.
 *
 * @param subject the subject line (plain text; encoded by the message builder)
 * @param html    the HTML alternative, or null for a text-only mail
 * @param text    the plain-text version: always present, the same words as the HTML
 */
public record PersonalMail(String subject, SplicedText html, SplicedText text) {

    public PersonalMail {
        if (subject == null || text == null) {
            throw new IllegalArgumentException("a mail needs a subject and a text part");
        }
    }

    /** A copy with nothing shared with other recipients' copies. */
    public PersonalMail(String subject, String html, String text) {
        this(subject, html == null ? null : SplicedText.of(html), text == null ? null : SplicedText.of(text));
    }
}
