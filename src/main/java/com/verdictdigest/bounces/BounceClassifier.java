package com.verdictdigest.bounces;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hard or soft, from an RFC 3463 status code and the remote server's words.
 *
 * <p>Hard means the address itself is bad: 5.1.x (user/host unknown, bad syntax, moved 5.1.6, null
 * MX 5.1.10), 5.2.1 (disabled mailbox), 5.4.4 (no such domain). Everything else is soft: all 4.x.x,
 * a full mailbox (5.2.2), a too-large message, a routing or protocol problem, and every 5.7.x
 * policy or reputation block: such a block says the <em>sender</em> has a problem, and
 * suppressing good addresses for it would be wrong. Codes that say nothing specific (x.0.0,
 * x.5.0, or none) are read from the diagnostic text.
 */
public final class BounceClassifier {

    /** An enhanced status code in free text: 5.1.1, 4.2.2, 5.7.606 (not part of a version or IP). */
    static final Pattern ENHANCED = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?!\\d|\\.\\d)");
    /** A basic SMTP reply code at the start of a reply line: "550 ", "452-". */
    static final Pattern BASIC = Pattern.compile("(?<![\\w.#-])([45]\\d\\d)(?=[ -])");

    private static final Pattern ADDRESS_BAD = Pattern.compile(String.join("|",
            "user unknown", "unknown user", "no such user", "no such mailbox", "no such recipient",
            "mailbox not found", "mailbox does not exist", "does not exist", "doesn'?t exist",
            "recipient not found", "unknown recipient", "invalid recipient", "recipient unknown",
            "no mailbox here", "not a valid mailbox", "invalid mailbox", "account (has been )?disabled",
            "account is disabled", "no longer (active|in use|available)", "unrouteable address",
            "address (is )?unknown", "host unknown", "domain (not found|does not exist)", "no such domain"),
            Pattern.CASE_INSENSITIVE);

    private BounceClassifier() {
    }

    /** A classification and why. */
    public record Verdict(BounceKind kind, String why) {
    }

    /**
     * @param status     an enhanced status code ("5.1.1") or null
     * @param diagnostic the remote server's reply or the bounce text, or null
     */
    public static Verdict classify(String status, String diagnostic) {
        String text = diagnostic == null ? "" : diagnostic;
        if (status == null) {
            return fromText(null, text);
        }
        String[] p = status.split("\\.");
        int cls = Integer.parseInt(p[0]);
        int subject = Integer.parseInt(p[1]);
        int detail = Integer.parseInt(p[2]);
        if (cls == 4) {
            return new Verdict(BounceKind.SOFT, subject == 2 && detail == 2 ? "mailbox full" : "temporary failure");
        }
        if (cls != 5) {
            return new Verdict(BounceKind.SOFT, "status " + status);
        }
        return switch (subject) {
            case 1 -> detail == 7 || detail == 8
                    ? new Verdict(BounceKind.SOFT, "the sender's address was refused")
                    : new Verdict(BounceKind.HARD, switch (detail) {
                        case 1 -> "no such user";
                        case 2 -> "no such host";
                        case 3 -> "bad address syntax";
                        case 6 -> "mailbox has moved";
                        case 10 -> "recipient not found / null MX";
                        default -> "bad destination address";
                    });
            case 2 -> switch (detail) {
                case 1 -> new Verdict(BounceKind.HARD, "mailbox disabled");
                case 2 -> new Verdict(BounceKind.SOFT, "mailbox full");
                case 0 -> fromText(status, text);
                default -> new Verdict(BounceKind.SOFT, "mailbox status " + status);
            };
            case 4 -> detail == 4 ? new Verdict(BounceKind.HARD, "no such domain")
                    : detail == 7 ? new Verdict(BounceKind.SOFT, "delivery timed out")
                    : new Verdict(BounceKind.SOFT, "routing problem");
            case 7 -> new Verdict(BounceKind.SOFT, "policy or reputation block (the sender's problem)");
            case 0, 5 -> detail == 0 ? fromText(status, text) : new Verdict(BounceKind.SOFT, "protocol problem");
            default -> new Verdict(BounceKind.SOFT, "status " + status);
        };
    }

    private static Verdict fromText(String status, String text) {
        Matcher m = ADDRESS_BAD.matcher(text);
        if (m.find() && (status == null || status.startsWith("5")) && !text.toLowerCase(Locale.ROOT).contains("temporar")) {
            if (status != null || permanent(text)) {
                return new Verdict(BounceKind.HARD, m.group().toLowerCase(Locale.ROOT));
            }
        }
        return new Verdict(BounceKind.SOFT, status == null ? "unspecific failure" : "unspecific status " + status);
    }

    /** Without a status code, a failure is permanent when its reply code is 5xx. */
    private static boolean permanent(String text) {
        Matcher m = BASIC.matcher(text);
        return m.find() && m.group(1).startsWith("5");
    }

    /** The first enhanced status code in the text, e.g. from "550-5.1.1 The email account...". */
    public static Optional<String> enhancedCodeIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = ENHANCED.matcher(text);
        return m.find() ? Optional.of(m.group(1) + "." + Integer.parseInt(m.group(2)) + "." + Integer.parseInt(m.group(3)))
                : Optional.empty();
    }

    /** The first basic SMTP reply code (4xx/5xx) in the text. */
    public static Optional<String> basicCodeIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = BASIC.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The best status for a report: the declared one, unless it is unspecific (x.0.0) and the
     * diagnostic names a specific one of the same class; without any, the class of the basic
     * reply code (550 → 5.0.0).
     */
    public static String bestStatus(String declared, String diagnostic) {
        String d = enhancedCodeIn(declared).orElse(null);
        String fromDiagnostic = enhancedCodeIn(diagnostic).orElse(null);
        if (d != null) {
            if (d.endsWith(".0.0") && fromDiagnostic != null && fromDiagnostic.charAt(0) == d.charAt(0)) {
                return fromDiagnostic;
            }
            return d;
        }
        if (fromDiagnostic != null) {
            return fromDiagnostic;
        }
        return basicCodeIn(diagnostic).map(c -> c.charAt(0) + ".0.0").orElse(null);
    }
}
