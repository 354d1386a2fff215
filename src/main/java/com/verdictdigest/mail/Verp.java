package com.verdictdigest.mail;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-recipient envelope sender (VERP): {@code bounces+TOKEN@domain}, TOKEN naming the copy
 * ({@code ListMessageIds#verpToken}; in mail of release 0.1, the subscriber's stored token). A bounce
 * then names its subscriber even when the failed address in its text is a forwarder's, redacted, or
 * missing.
 */
public final class Verp {

    public static final String LOCAL_PART = "bounces";

    private Verp() {
    }

    /** The Return-Path (MAIL FROM) for a subscriber's copy. */
    public static String returnPath(String token, String domain) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("a VERP token is 1-64 base64url characters");
        }
        if (domain == null || domain.isBlank() || domain.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("a VERP domain must be a plain domain name");
        }
        return LOCAL_PART + "+" + token + "@" + domain;
    }

    /** Finds VERP addresses on {@code domain} in free text (headers, bodies). */
    public static Pattern pattern(String domain) {
        return Pattern.compile("(?<![A-Za-z0-9._%+-])" + LOCAL_PART + "\\+([A-Za-z0-9_-]{1,64})@"
                + Pattern.quote(domain) + "(?![A-Za-z0-9-])", Pattern.CASE_INSENSITIVE);
    }

    /** The token of the first VERP address on {@code domain} in {@code text}. */
    public static Optional<String> tokenIn(String text, Pattern pattern) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
