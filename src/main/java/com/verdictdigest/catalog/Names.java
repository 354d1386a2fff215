package com.verdictdigest.catalog;

import java.text.Normalizer;
import java.util.Locale;

/** How names become identities and URL slugs. */
public final class Names {

    private Names() {
    }

    /** "Codestral  2.1" and "codestral 2.1" are one tool: NFKC, trimmed, spaces collapsed, lower case. */
    public static String key(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ")
                .toLowerCase(Locale.ROOT);
    }

    /** "Codestral 2.1" → "codestral-2-1"; accents dropped, anything else not a letter or digit is a dash. */
    public static String slug(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "tool" : slug;
    }

    public static String comparisonSlug(String nameA, String nameB) {
        return slug(nameA) + "-vs-" + slug(nameB);
    }
}
