package com.verdictdigest.bounces;

import java.nio.charset.StandardCharsets;

/**
 * Worst cases for the patterns the parser used to run over whole bounce texts, each wrapped in a
 * plausible bounce (mailer-daemon sender, so the text path runs). Shared by the tests and
 * bench/bounce-hostile.
 */
public enum HostileBounces {
    /** The issue's reproducer: 40 KB of "address(es) failed:" and newlines. */
    EXIM_FAILED_AND_NEWLINES(40 * 1024) {
        @Override
        String body() {
            return eximFailedLines(40 * 1024);
        }
    },
    /** Exim's failed-address block, 100 KB: the marker then nothing but blank and space lines. */
    EXIM_FAILED_THEN_BLANKS(100 * 1024) {
        @Override
        String body() {
            return "The following address(es) failed:\n" + " \n".repeat(50 * 1024);
        }
    },
    /** The original-message marker, 100 KB: lines of spaces and dashes that never say "original message follows". */
    ORIGINAL_FOLLOWS_DASHES(100 * 1024) {
        @Override
        String body() {
            return " - \n".repeat(25 * 1024) + "original message";
        }
    },
    /** The address pattern, 100 KB: one run of local-part characters, then dotted labels with hyphens. */
    ADDRESS_LOCAL_PART_RUN(100 * 1024) {
        @Override
        String body() {
            return "a".repeat(60 * 1024) + "@" + "a-".repeat(10 * 1024) + "\n" + "b.".repeat(10 * 1024) + "!";
        }
    },
    /** The address pattern again: many "@" with hyphenated labels that never end well. */
    ADDRESS_MANY_ATS(100 * 1024) {
        @Override
        String body() {
            return "x@a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a.".repeat(1_700);
        }
    };

    private final int minimumSize;

    HostileBounces(int minimumSize) {
        this.minimumSize = minimumSize;
    }

    abstract String body();

    int minimumSize() {
        return minimumSize;
    }

    public byte[] message() {
        String headers = "From: Mail Delivery System <Mailer-Daemon@mx.example.net>\n"
                + "To: bounces+H0st1leTok3n@verdicts.example.com\n"
                + "Subject: Mail delivery failed: returning message to sender\n"
                + "Message-ID: <hostile-" + name().toLowerCase(java.util.Locale.ROOT) + "@mx.example.net>\n"
                + "Content-Type: text/plain; charset=us-ascii\n\n";
        return (headers + body()).getBytes(StandardCharsets.ISO_8859_1);
    }

    static String eximFailedLines(int size) {
        StringBuilder sb = new StringBuilder(size + 32);
        while (sb.length() < size) {
            sb.append("address(es) failed:\n\n");
        }
        return sb.toString();
    }
}
