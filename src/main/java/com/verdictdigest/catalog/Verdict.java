package com.verdictdigest.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A reviewer's or the panel's call on a tool. */
public enum Verdict {
    SHIP, SKIP;

    @JsonValue
    public String label() {
        return this == SHIP ? "ship" : "skip";
    }

    /** "ship"/"Ship"/"SKIP" and the like; null when the text is neither. */
    @JsonCreator
    public static Verdict fromLabel(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "ship" -> SHIP;
            case "skip" -> SKIP;
            default -> null;
        };
    }
}
