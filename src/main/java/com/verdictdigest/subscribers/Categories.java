package com.verdictdigest.subscribers;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.verdictdigest.system.ToolCategories;
import org.springframework.stereotype.Component;

/**
 * What a subscriber's choice of categories means, the same on the sign-up form, the sign-up API,
 * the preferences page and the CSV import: none chosen means all (and so does every one of them:
 * both are stored as "all", which includes categories the catalog adds later); a name is matched
 * to the catalog's spelling whatever its case; a name the catalog does not have is an error that
 * names the ones it has.
 */
@Component
public class Categories {

    /** A category the catalog does not have; the message names the known ones. */
    public static class UnknownCategoryException extends IllegalArgumentException {
        UnknownCategoryException(String message) {
            super(message);
        }
    }

    private final ToolCategories catalog;

    public Categories(ToolCategories catalog) {
        this.catalog = catalog;
    }

    /** The categories a reader can choose, in display order. */
    public List<String> known() {
        return catalog.names();
    }

    /** Resolves choices against the categories known now (read once: an import resolves every line with it). */
    public Resolver resolver() {
        return new Resolver(known());
    }

    /** @see Resolver#resolve(Collection, Collection) */
    public Set<String> resolve(Collection<String> chosen) {
        return resolver().resolve(chosen, List.of());
    }

    /** Resolves choices against one list of known categories. */
    public static final class Resolver {

        private final List<String> known;
        private final Map<String, String> byKey = new LinkedHashMap<>();

        Resolver(List<String> known) {
            this.known = List.copyOf(known);
            known.forEach(k -> byKey.put(key(k), k));
        }

        /**
         * @param chosen      names as given (blank ones are ignored)
         * @param alsoAllowed names accepted though the catalog no longer has them (a subscriber's
         *                    earlier choice, kept on the preferences page)
         * @return the categories in the catalog's spelling; empty for all
         * @throws UnknownCategoryException for a name that is neither known nor allowed
         */
        public Set<String> resolve(Collection<String> chosen, Collection<String> alsoAllowed) {
            Set<String> out = new TreeSet<>();
            Map<String, String> allowed = new LinkedHashMap<>(byKey);
            alsoAllowed.forEach(a -> allowed.putIfAbsent(key(a), a));
            for (String c : chosen == null ? List.<String>of() : chosen) {
                if (c == null || c.isBlank()) {
                    continue;
                }
                String name = allowed.get(key(c));
                if (name == null) {
                    throw new UnknownCategoryException("'" + oneLine(c) + "' is not a category; "
                            + (known.isEmpty() ? "the catalog has no categories yet, so leave it empty (all)"
                            : "the categories are: " + String.join(", ", known)) + ".");
                }
                out.add(name);
            }
            if (!known.isEmpty() && out.containsAll(known)) {
                return Set.of(); // every one of them: all, including categories added later
            }
            return out;
        }

        private static String key(String name) {
            return name.strip().toLowerCase(Locale.ROOT);
        }

        private static String oneLine(String s) {
            String t = s.strip().replaceAll("\\p{Cntrl}", " ");
            return t.length() > 60 ? t.substring(0, 60) + "…" : t;
        }
    }
}
