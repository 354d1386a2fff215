package com.verdictdigest.mail;

import java.util.regex.Pattern;

/**
 * The gate every data-derived value passes before it reaches a header: CR, LF and other control
 * characters (C0, DEL, C1, Unicode line/paragraph separators) are refused, never stripped, so
 * header injection fails loudly instead of being half-repaired.
 */
public final class HeaderText {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private HeaderText() {
    }

    /** The first character a header refuses, and where. */
    public record Refusal(char character, int position) {
        public String describe() {
            return "control character U+%04X at position %d".formatted((int) character, position);
        }
    }

    /** The first character of {@code value} no header may carry, or null if there is none. */
    public static Refusal firstRefused(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                return new Refusal(c, i);
            }
        }
        return null;
    }

    static String check(String header, String value) {
        if (value == null) {
            throw new InvalidHeaderException(header + ": value is missing");
        }
        Refusal refusal = firstRefused(value);
        if (refusal != null) {
            throw new InvalidHeaderException(header + ": " + refusal.describe());
        }
        return value;
    }

    /** A subscriber token goes into a VERP local part and a URL path: only [A-Za-z0-9_-]. */
    static String token(String header, String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new InvalidHeaderException(header + ": subscriber token must be 1-64 of [A-Za-z0-9_-]");
        }
        return token;
    }
}
