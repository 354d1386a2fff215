package com.verdictdigest.digest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.catalog.Tool;

/**
 * An issue's content as subscribers get it. Frozen (stored as JSON) when the issue is approved, so
 * later catalog edits never change what goes out; a draft's snapshot is read live from the catalog.
 */
public record IssueSnapshot(int number, String subject, String editorNote, Instant windowStart, Instant windowEnd,
                            List<Comparison> comparisons, List<NewTool> newTools) {

    public IssueSnapshot {
        comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
        newTools = newTools == null ? List.of() : List.copyOf(newTools);
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
