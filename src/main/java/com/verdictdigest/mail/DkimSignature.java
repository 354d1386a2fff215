package com.verdictdigest.mail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The DKIM-Signature header fields of one message (RFC 6376, relaxed/relaxed), from its header
 * block and its body hash: the relaxed form of the signed headers, then each key's signature
 * over them and its own header (b= empty). Not thread-safe (the keys' signers are not).
 */
final class DkimSignature {

    /**
     * Signed when present: the identity, the subject and date, the MIME structure, and what
     * mailbox providers check on bulk mail (List-Id, RFC 8058 one-click unsubscribe, Feedback-ID).
     * The set utils-mail-dkim signs on these messages.
     */
    static final List<String> SIGNED = List.of("From", "Reply-To", "To", "Subject", "Date", "Message-ID",
            "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "List-Id", "List-Unsubscribe",
            "List-Unsubscribe-Post", "Feedback-ID");

    private static final int B64_LINE = 72;

    /** Signs the header data; returns the signature bytes. */
    @FunctionalInterface
    interface SigningFunction {
        byte[] sign(byte[] data) throws GeneralSecurityException;
    }

    /** One signing key: a= algorithm, s= selector, and its signer. */
    record Key(String algorithm, String selector, SigningFunction signer) {
    }

    private final String domain;
    private final List<Key> keys;
    private final Clock clock;

    DkimSignature(String domain, List<Key> keys, Clock clock) {
        this.domain = domain;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * @param headerBlock the message's header fields, each line ending in CRLF
     * @param bodyHash    SHA-256 of the relaxed body
     * @return one DKIM-Signature field per key, each ending in CRLF, to go before the others
     */
    String headers(String headerBlock, byte[] bodyHash) {
        StringBuilder canonical = new StringBuilder(1024);
        StringBuilder names = new StringBuilder(200);
        signedHeaders(headerBlock, canonical, names);
        String bh = Base64.getEncoder().encodeToString(bodyHash);
        long t = clock.instant().getEpochSecond();
        StringBuilder out = new StringBuilder(600 * keys.size());
        for (Key key : keys) {
            int start = out.length();
            out.append("DKIM-Signature: v=1; a=").append(key.algorithm()).append("; c=relaxed/relaxed; d=").append(domain)
                    .append("; s=").append(key.selector()).append(";\r\n\tt=").append(t).append("; h=").append(names)
                    .append(";\r\n\tbh=").append(bh).append(";\r\n\tb=");
            int mark = canonical.length();
            relaxed(out, start, out.indexOf(":", start), out.length(), canonical);
            canonical.setLength(canonical.length() - 2); // the signature's own field is hashed without its CRLF
            byte[] signature;
            try {
                signature = key.signer().sign(canonical.toString().getBytes(StandardCharsets.ISO_8859_1));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("DKIM " + key.algorithm() + " signature failed: " + e.getMessage(), e);
            }
            canonical.setLength(mark);
            String b = Base64.getEncoder().encodeToString(signature);
            for (int i = 0; i < b.length(); i += B64_LINE) {
                out.append(i == 0 ? "" : "\r\n\t").append(b, i, Math.min(b.length(), i + B64_LINE));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    /** The relaxed form of each signed header present (its last instance, as verifiers pick it) and the h= list. */
    private static void signedHeaders(String block, StringBuilder canonical, StringBuilder names) {
        int[] starts = new int[64];
        int count = 0;
        for (int i = 0; i < block.length(); i = nextLine(block, i)) {
            char c = block.charAt(i);
            if (c != ' ' && c != '\t') {
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i;
            }
        }
        for (String name : SIGNED) {
            for (int f = count - 1; f >= 0; f--) {
                int start = starts[f];
                int colon = start + name.length();
                if (colon < block.length() && block.charAt(colon) == ':' && block.regionMatches(true, start, name, 0, name.length())) {
                    int end = f + 1 < count ? starts[f + 1] : block.length();
                    relaxed(block, start, colon, end, canonical);
                    names.append(names.length() == 0 ? "" : ":").append(name);
                    break;
                }
            }
        }
    }

    private static int nextLine(String block, int from) {
        int lf = block.indexOf('\n', from);
        return lf < 0 ? block.length() : lf + 1;
    }

    /** RFC 6376 §3.4.2: lower-case name, unfolded value, blanks runs as one space, none at either end; CRLF. */
    static void relaxed(CharSequence field, int start, int colon, int end, StringBuilder out) {
        for (int i = start; i < colon; i++) {
            char c = field.charAt(i);
            if (c != ' ' && c != '\t') {
                out.append(Character.toLowerCase(c));
            }
        }
        out.append(':');
        boolean blank = false;
        boolean any = false;
        for (int i = colon + 1; i < end; i++) {
            char c = field.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            if (c == ' ' || c == '\t') {
                blank = true;
                continue;
            }
            if (blank && any) {
                out.append(' ');
            }
            blank = false;
            any = true;
            out.append(c);
        }
        out.append("\r\n");
    }

    /** A d= or s= value from the configuration: a domain name or label, nothing that could end the tag. */
    static String tagValue(String key, String value) {
        if (value == null || !value.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a domain name or DNS label");
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
