package com.verdictdigest.digest;

import java.util.List;
import java.util.Set;

/**
 * An issue rendered once for everybody: the HTML and text cut into static parts and
 * per-recipient slots, plus the lint of a sample copy. Cheap to personalise, safe to share
 * between threads (immutable).
 */
public record RenderedIssue(int number, String subject, CompiledTemplate html, CompiledTemplate text,
                            List<String> comparisonTitles, List<Set<String>> comparisonCategories,
                            List<String> toolNames, List<Set<String>> toolCategories,
                            String sampleHtml, String sampleText, LintReport lint) {
}
