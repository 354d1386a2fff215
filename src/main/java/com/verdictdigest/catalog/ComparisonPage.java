package com.verdictdigest.catalog;

import com.verdictdigest.system.FieldError;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A parsed comparison page: the comparison as every importer states it, plus the line each field
 * came from, so that a validation error can point into the file like a format error does.
 *
 * @param fieldLines line number by field path as {@link ComparisonValidator} names it ("b.tool.tagline")
 */
public record ComparisonPage(String file, ComparisonInput input, Map<String, Integer> fieldLines) {

    public ComparisonPage {
        fieldLines = Map.copyOf(fieldLines);
    }

    public OptionalInt lineOf(String field) {
        Integer line = fieldLines.get(field);
        return line == null ? OptionalInt.empty() : OptionalInt.of(line);
    }

    /** "file:line: field: message", or "file: field: message" for a field no line states (the slug). */
    public String locate(FieldError error) {
        OptionalInt line = lineOf(error.field());
        return file + (line.isPresent() ? ":" + line.getAsInt() : "") + ": " + error;
    }
}
