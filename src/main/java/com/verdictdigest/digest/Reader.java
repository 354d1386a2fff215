package com.verdictdigest.digest;

import java.util.Set;

/**
 * The reader one copy of an issue is personalised for: what {@link DigestRenderer#personalise}
 * fills in (not delivery's ledger row, {@code delivery.ClaimedRow}, nor the message's
 * addressee, {@code mail.ListRecipient}).
 *
 * @param categories the categories the subscriber chose; empty means all
 * @param textOnly   the subscriber wants plain text only (no HTML part)
 * @param ballot     the reader's vote links; null: their copy has none (they turned votes off)
 * @param testCopy   an editor's test copy: its footer says so, its view-online link says so too
 */
public record Reader(String email, String name, String unsubscribeUrl, String preferencesUrl,
                     Set<String> categories, boolean textOnly, Ballot ballot, boolean testCopy) {

    public Reader {
        categories = categories == null ? Set.of() : Set.copyOf(categories);
    }

    /** A subscriber's copy. */
    public Reader(String email, String name, String unsubscribeUrl, String preferencesUrl, Set<String> categories,
                  boolean textOnly, Ballot ballot) {
        this(email, name, unsubscribeUrl, preferencesUrl, categories, textOnly, ballot, false);
    }

    /** A subscriber's copy without vote links. */
    public Reader(String email, String name, String unsubscribeUrl, String preferencesUrl, Set<String> categories,
                  boolean textOnly) {
        this(email, name, unsubscribeUrl, preferencesUrl, categories, textOnly, null, false);
    }
}
