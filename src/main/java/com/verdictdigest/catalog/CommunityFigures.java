package com.verdictdigest.catalog;

import java.util.Collection;
import java.util.Map;

/**
 * The readers' figures of each side of a comparison, as the catalog shows them (catalog page,
 * API, export) and restores them (import-json). The votes module keeps them and provides this
 * bean: the catalog asks, it does not count (and does not depend on the votes module).
 */
public interface CommunityFigures {

    /** One side of one comparison. */
    record Side(long comparisonId, long toolId) {

        public static Side of(Comparison c, ComparisonSide s) {
            return new Side(c.id(), s.tool().id());
        }
    }

    /** The figures of every side of these comparisons that has votes; a side without any is absent. */
    Map<Side, Community> of(Collection<Long> comparisonIds);

    /** Replaces a side's figures with these (an import restoring what an export wrote). */
    void restore(Side side, Community figures);

    /** A side's figures from a map {@link #of} gave: {@link Community#NONE} when absent. */
    static Community get(Map<Side, Community> figures, Comparison c, ComparisonSide s) {
        return figures.getOrDefault(Side.of(c, s), Community.NONE);
    }
}
