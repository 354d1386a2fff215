package com.verdictdigest.digest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.verdictdigest.catalog.Community;
import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.catalog.Tool;

/**
 * An issue's content as subscribers get it. Frozen (stored as JSON) when the issue is approved, so
 * later catalog edits never change what goes out; a draft's snapshot is read live from the catalog.
 *
 * @param readersSaid the readers' votes on the previous issue's comparisons that got any ("Last
 *                    week readers said"), frozen with the rest; empty when nobody voted
 */
public record IssueSnapshot(int number, String subject, String editorNote, Instant windowStart, Instant windowEnd,
                            List<Comparison> comparisons, List<NewTool> newTools, List<ReadersVerdict> readersSaid) {

    public IssueSnapshot {
        comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
        newTools = newTools == null ? List.of() : List.copyOf(newTools);
        readersSaid = readersSaid == null ? List.of() : List.copyOf(readersSaid);
    }

    /** Without readers' votes. */
    public IssueSnapshot(int number, String subject, String editorNote, Instant windowStart, Instant windowEnd,
                         List<Comparison> comparisons, List<NewTool> newTools) {
        this(number, subject, editorNote, windowStart, windowEnd, comparisons, newTools, List.of());
    }

    /** What readers voted on a comparison of an earlier issue: each tool's figures, A then B. */
    public record ReadersVerdict(String slug, String title, List<ToolVotes> tools) {
        public ReadersVerdict {
            tools = tools == null ? List.of() : List.copyOf(tools);
        }
    }

    public record ToolVotes(String tool, Community votes) {
    }

    @JsonIgnore
    public boolean isEmpty() {
        return comparisons.isEmpty() && newTools.isEmpty();
    }

    /** A tool first seen in the window, with the comparisons it appears in. */
    public record NewTool(Tool tool, List<ComparisonLink> comparisons) {
        public NewTool {
            comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
        }
    }

    public record ComparisonLink(String slug, String title) {
    }
}
