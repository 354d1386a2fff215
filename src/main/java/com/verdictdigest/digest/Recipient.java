package com.verdictdigest.digest;

import java.util.Set;

/**
 * Who one copy of an issue is for: what {@link DigestRenderer#personalise} fills in.
 *
 * @param categories the categories the subscriber chose; empty means all
 * @param textOnly   the subscriber wants plain text only (no HTML part)
 */
public record Recipient(String email, String name, String unsubscribeUrl, String preferencesUrl,
                        Set<String> categories, boolean textOnly) {

    public Recipient {
        categories = categories == null ? Set.of() : Set.copyOf(categories);
    }
}
