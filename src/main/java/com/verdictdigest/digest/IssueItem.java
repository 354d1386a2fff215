package com.verdictdigest.digest;

/** A catalog item an issue selected: a comparison or a new tool, by catalog id. */
public record IssueItem(Kind kind, long refId, int position) {

    public enum Kind {
        COMPARISON, TOOL;

        public String db() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind fromDb(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
