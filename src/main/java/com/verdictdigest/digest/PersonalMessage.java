package com.verdictdigest.digest;

/**
 * One recipient's copy of an issue.
 *
 * @param html      null when the recipient wants text only
 * @param itemCount how many comparisons and new tools this copy shows (0: the recipient's
 *                  categories matched nothing this week; the sender may skip them)
 */
public record PersonalMessage(String subject, String html, String text, String preheader, int itemCount) {
}
