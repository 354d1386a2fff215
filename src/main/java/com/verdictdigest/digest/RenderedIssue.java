package com.verdictdigest.digest;

import java.util.List;
import java.util.Set;

/**
 * An issue rendered once for everybody: the HTML and text cut into static parts and
 * per-recipient slots, plus the lint of a sample copy. Cheap to personalise, safe to share
 * between threads (immutable).
 *
 * @param voteKeys      per comparison, in order: what its vote links name (comparison and tool ids)
 * @param viewOnline     the issue's archive address, and {@code viewOnlineHtml} the same escaped for
 *                       HTML: made once here, not per copy in the send loop
 */
public record RenderedIssue(int number, String subject, CompiledTemplate html, CompiledTemplate text,
                            List<String> comparisonTitles, List<Set<String>> comparisonCategories,
                            List<String> toolNames, List<Set<String>> toolCategories, List<VoteKey> voteKeys,
                            String viewOnline, String viewOnlineHtml,
                            String sampleHtml, String sampleText, LintReport lint) {

    /** A comparison's id and its two tools' ids, A then B. */
    public record VoteKey(long comparisonId, long toolA, long toolB) {

        long tool(int side) {
            return side == 0 ? toolA : toolB;
        }
    }
}
