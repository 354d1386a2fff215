package com.verdictdigest.bounces;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hand-written, linear-time scanning of strangers' text: lines (each cut to {@value #MAX_LINE}
 * characters, at most {@value #MAX_LINES} of them) and mail addresses. Regular expressions over
 * a whole bounce backtracked badly on hostile input (a 40 KB message of "address(es) failed:" and
 * newlines took minutes); here every character is looked at a bounded number of times.
 */
final class TextScan {

    static final int MAX_LINE = 1000;
    static final String ADDRESS = "<@>";
    static final String URL = "<:>";
    static final String HOST = "<.>";
    static final int MAX_LINES = 4000;
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 255;

    private TextScan() {
    }

    /** The text's lines without their line ends (CR LF, LF or CR), each at most {@value #MAX_LINE} characters. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int start = 0;
        while (start < n && out.size() < MAX_LINES) {
            if ((out.size() & 255) == 0 && Thread.currentThread().isInterrupted()) {
                throw new ParseInterruptedException();
            }
            int end = start;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            out.add(text.substring(start, Math.min(end, start + MAX_LINE)));
            if (end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n') {
                end++;
            }
            start = end + 1;
        }
        return out;
    }

    /** The first plausible mail address in the text, or null. */
    static String firstAddress(CharSequence s) {
        if (s == null) {
            return null;
        }
        List<String> all = addresses(s, 1);
        return all.isEmpty() ? null : all.get(0);
    }

    /**
     * Up to {@code max} mail addresses in the text, in order. Each '@' is widened to the left over
     * local-part characters (at most 64) and to the right over domain characters, and the scan
     * continues after the domain, so the work is linear in the text.
     */
    static List<String> addresses(CharSequence s, int max) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n && out.size() < max) {
            if (s.charAt(i) != '@') {
                i++;
                continue;
            }
            int l = i;
            while (l > 0 && i - l < MAX_LOCAL && isLocal(s.charAt(l - 1))) {
                l--;
            }
            while (l < i && s.charAt(l) == '.') {
                l++;
            }
            int r = i + 1;
            while (r < n && r - i <= MAX_DOMAIN && isDomain(s.charAt(r))) {
                r++;
            }
            int end = r;
            while (end > i + 1 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '-')) {
                end--;
            }
            if (l < i && validDomain(s, i + 1, end)) {
                out.add(s.subSequence(l, i) + "@" + s.subSequence(i + 1, end).toString().toLowerCase(Locale.ROOT));
            }
            i = Math.max(r, i + 1);
        }
        return out;
    }

    private static boolean validDomain(CharSequence s, int from, int to) {
        if (to - from < 3) {
            return false;
        }
        boolean dot = false;
        char prev = '.';
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c == '.') {
                if (prev == '.' || prev == '-') {
                    return false;
                }
                dot = true;
            } else if (c == '-' && prev == '.') {
                return false;
            }
            prev = c;
        }
        return dot && s.charAt(from) != '-';
    }

    private static boolean isLocal(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || ".!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0);
    }

    private static boolean isDomain(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-');
    }

    /**
     * The text with every mail address, URL and host name replaced by {@value #ADDRESS},
     * {@value #URL} or {@value #HOST} (no letters, so no pattern reads them as words): names are not words ("filtered@example.jp" or
     * "spam-filter.example.net" say nothing about why a message failed). Expects one normalised
     * line (lower case, single spaces); one pass over its space-separated tokens.
     */
    static String maskNames(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        int start = 0;
        while (start < n) {
            int end = text.indexOf(' ', start);
            if (end < 0) {
                end = n;
            }
            int a = start;
            int b = end;
            while (a < b && "<([{\"'".indexOf(text.charAt(a)) >= 0) {
                a++;
            }
            while (b > a && ">)]},;:\"'.!?".indexOf(text.charAt(b - 1)) >= 0) {
                b--;
            }
            String core = text.substring(a, b);
            String mask = core.contains("://") || core.startsWith("www.") ? URL
                    : core.indexOf('@') > 0 ? ADDRESS : isHostName(core) ? HOST : null;
            if (mask == null) {
                out.append(text, start, end);
            } else {
                out.append(text, start, a).append(mask).append(text, b, end);
            }
            if (end < n) {
                out.append(' ');
            }
            start = end + 1;
        }
        return out.toString();
    }

    /**
     * A DNS name of two or more labels ending in a letter label, possibly followed by an IP in
     * brackets ("mx.example.jp[192.0.2.1]"). Exchange's dotted diagnostics (RESOLVER.ADR.RecipNotFound,
     * QUEUE.Expired) look alike but are words: they are kept.
     */
    static boolean isHostName(String token) {
        int bracket = token.indexOf('[');
        String t = bracket > 0 ? token.substring(0, bracket) : token;
        if (t.startsWith("resolver.") || t.startsWith("queue.") || t.startsWith("routing.") || t.startsWith("smtpsend.")
                || t.startsWith("categorizer.") || t.startsWith("storedrv.") || t.startsWith("rfc.")) {
            return false;
        }
        int dots = 0;
        int labelStart = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '.') {
                if (i == labelStart) {
                    return false;
                }
                dots++;
                labelStart = i + 1;
            } else if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'))) {
                return false;
            }
        }
        if (dots == 0 || labelStart >= t.length() - 1) {
            return false;
        }
        for (int i = labelStart; i < t.length(); i++) {
            if (!Character.isLetter(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The line without leading and trailing white space, lower case. */
    static String key(String line) {
        return line.strip().toLowerCase(Locale.ROOT);
    }

    /** Thrown when the thread parsing a message is interrupted (the caller's time limit ran out). */
    static final class ParseInterruptedException extends RuntimeException {
        ParseInterruptedException() {
            super("interrupted", null, false, false);
        }
    }
}
