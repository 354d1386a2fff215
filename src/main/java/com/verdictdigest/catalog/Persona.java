package com.verdictdigest.catalog;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The four reviewers of the panel, in the order pages list them. */
public enum Persona {
    BUILDER("Builder"), SKEPTIC("Skeptic"), FUTURIST("Futurist"), FOUNDER("Founder");

    private final String label;

    Persona(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** Accepts the label in any case ("Builder", "builder"); null when it names no persona. */
    @JsonCreator
    public static Persona fromLabel(String text) {
        if (text == null) {
            return null;
        }
        for (Persona p : values()) {
            if (p.label.equalsIgnoreCase(text.trim()) || p.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }
}
