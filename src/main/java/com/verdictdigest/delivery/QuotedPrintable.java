package com.verdictdigest.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFC 2045 quoted-printable for text bodies, straight from UTF-8 bytes into a byte array. Jakarta
 * Mail's stream encoder costs more than the rest of a send; this loop is the whole of it. Line
 * breaks in the text become CRLF hard breaks; lines are soft-broken at 76 characters; '=' and the
 * bytes outside printable ASCII are escaped, as are trailing blanks and a leading '.' (so that
 * nothing depends on SMTP dot-stuffing). The output contains no "=_" sequence, so a boundary
 * starting with "=_" can never collide with it.
 */
final class QuotedPrintable {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE = 76;

    private QuotedPrintable() {
    }

    /** Bytes written as they are (printable ASCII but '='); blanks are decided per position. */
    private static final boolean[] LITERAL = new boolean[256];

    static {
        for (int b = 33; b <= 126; b++) {
            LITERAL[b] = b != '=';
        }
    }

    static byte[] encode(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        int n = in.length;
        // Worst case: every byte escaped, plus a soft break per 25 escapes.
        byte[] out = new byte[n * 3 + (n / 25 + 1) * 3];
        int o = 0;
        int line = 0;
        for (int i = 0; i < n; i++) {
            int b = in[i] & 0xff;
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < n && in[i + 1] == '\n') {
                    i++;
                }
                out[o++] = '\r';
                out[o++] = '\n';
                line = 0;
                continue;
            }
            boolean literal;
            boolean lineEnd = false;
            if (LITERAL[b]) {
                literal = b != '.' || line != 0;
                if (line >= MAX_LINE - 2) {
                    lineEnd = i + 1 == n || in[i + 1] == '\r' || in[i + 1] == '\n';
                }
            } else if (b == ' ' || b == '\t') {
                lineEnd = i + 1 == n || in[i + 1] == '\r' || in[i + 1] == '\n';
                literal = !lineEnd;
            } else {
                literal = false;
                if (line >= MAX_LINE - 4) {
                    lineEnd = i + 1 == n || in[i + 1] == '\r' || in[i + 1] == '\n';
                }
            }
            int width = literal ? 1 : 3;
            // A soft break needs room for its '=' unless this is the last character on the line.
            if (line + width > (lineEnd ? MAX_LINE : MAX_LINE - 1)) {
                out[o++] = '=';
                out[o++] = '\r';
                out[o++] = '\n';
                line = 0;
                if (b == '.') {
                    literal = false;
                    width = 3;
                }
            }
            if (literal) {
                out[o++] = (byte) b;
            } else {
                out[o++] = '=';
                out[o++] = HEX[b >> 4];
                out[o++] = HEX[b & 0xf];
            }
            line += width;
        }
        return Arrays.copyOf(out, o);
    }
}
