package com.verdictdigest.digest;


import com.verdictdigest.mail.SplicedText;
/**
 * One recipient's copy of an issue.
 *
 * @param htmlParts null when the recipient wants text only
 * @param itemCount how many comparisons and new tools this copy shows (0: the recipient's
 *                  categories matched nothing this week; the sender may skip them)
 */
public record PersonalMessage(String subject, SplicedText htmlParts, SplicedText textParts, String preheader,
                              int itemCount) {

    /** The HTML alternative, or null for a text-only copy. */
    public String html() {
        return htmlParts == null ? null : htmlParts.toString();
    }

    public String text() {
        return textParts.toString();
    }
}
