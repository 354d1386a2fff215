package com.verdictdigest.mail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;


/**
 * RFC 2045 quoted-printable for text bodies, straight from UTF-8 bytes into a byte array. Line
 * breaks in the text become CRLF hard breaks; lines are soft-broken at 76 characters; '=' and the
 * bytes outside printable ASCII are escaped, as are trailing blanks and a leading '.' (so that
 * nothing depends on SMTP dot-stuffing). The output contains no "=_" sequence, so a boundary
 * starting with "=_" can never collide with it.
 *
 * <p>The encoder's only state is the column, and every hard line break sets it to 0. So the
 * lines of a piece shared by all recipients (between its first and its last line break) encode
 * the same in every copy: {@link Pieces} encodes them once per issue, and each copy encodes only
 * the lines that touch its personal pieces. The result is byte for byte that of encoding the
 * whole text.
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
        ByteBuf out = new ByteBuf(in.length + in.length / 8 + 16);
        encode(in, 0, in.length, out);
        return out.toByteArray();
    }

    static void encode(SplicedText text, Pieces cache, ByteBuf out) {
        encode(text, cache, out, null);
    }

    /**
     * Encodes a spliced text, reusing the encoded lines of its shared pieces, and the lines that
     * join two shared pieces (the last line of one and the first of the next) when no personal
     * piece falls between them. With a body hash, what is written is hashed too: the shared
     * lines in the canonical form kept with them, the rest as it is encoded.
     */
    static void encode(SplicedText text, Pieces cache, ByteBuf out, RelaxedBody hash) {
        ByteBuf pending = new ByteBuf(2048);
        String openedBy = null; // the shared piece whose tail began pending, while nothing personal joined it
        for (int i = 0; i < text.size(); i++) {
            String piece = text.piece(i);
            if (!text.isShared(i)) {
                pending.append(piece.getBytes(StandardCharsets.UTF_8));
                openedBy = null;
                continue;
            }
            Piece p = cache.of(piece);
            if (p.lines == null) {
                pending.append(p.head);
                openedBy = null;
                continue;
            }
            if (openedBy != null) {
                append(out, cache.junction(openedBy, piece, p.head, pending), hash);
            } else {
                pending.append(p.head);
                encode(pending.bytes, 0, pending.size, out, hash);
            }
            pending.size = 0;
            append(out, p.lines, hash);
            pending.append(p.tail);
            openedBy = piece;
        }
        encode(pending.bytes, 0, pending.size, out, hash);
    }

    private static void append(ByteBuf out, RelaxedBody.Lines lines, RelaxedBody hash) {
        out.append(lines.raw);
        if (hash != null) {
            hash.lines(lines);
        }
    }

    private static void encode(byte[] in, int off, int len, ByteBuf out, RelaxedBody hash) {
        int from = out.size;
        encode(in, off, len, out);
        if (hash != null) {
            hash.update(out.bytes, from, out.size - from);
        }
    }

    /**
     * A shared piece cut at its first and last line break: head (up to and with the first break)
     * and tail (after the last) stay raw, the lines between are encoded once. Without a line
     * break, head is the whole piece and lines is null.
     */
    record Piece(byte[] head, RelaxedBody.Lines lines, byte[] tail) {

        static Piece of(String text) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            int first = -1;
            int last = -1;
            for (int i = 0; i < b.length; i++) {
                if (b[i] == '\n') {
                    if (first < 0) {
                        first = i + 1;
                    }
                    last = i + 1;
                }
            }
            if (first < 0) {
                return new Piece(b, null, null);
            }
            ByteBuf lines = new ByteBuf(last - first + 64);
            encode(b, first, last - first, lines);
            return new Piece(Arrays.copyOf(b, first), RelaxedBody.Lines.of(lines.toByteArray()),
                    Arrays.copyOfRange(b, last, b.length));
        }
    }

    /** Shared pieces and their encodings, kept for the issues being sent (bounded). */
    static final class Pieces {
        private static final int MAX_PIECES = 20_000;
        private final Map<String, Piece> pieces = new ConcurrentHashMap<>();
        private final Map<Junction, RelaxedBody.Lines> junctions = new ConcurrentHashMap<>();

        /** Two shared pieces that follow each other in some copies. */
        private record Junction(String before, String after) {
        }

        /**
         * The encoding of the tail of {@code before} (already in {@code pending}) followed by the
         * head of {@code after}: the same in every copy where the two meet.
         */
        RelaxedBody.Lines junction(String before, String after, byte[] head, ByteBuf pending) {
            Junction key = new Junction(before, after);
            RelaxedBody.Lines encoded = junctions.get(key);
            if (encoded == null) {
                if (junctions.size() >= MAX_PIECES) {
                    junctions.clear();
                }
                pending.append(head);
                ByteBuf buf = new ByteBuf(pending.size + pending.size / 4 + 16);
                QuotedPrintable.encode(pending.bytes, 0, pending.size, buf);
                encoded = RelaxedBody.Lines.of(buf.toByteArray());
                junctions.put(key, encoded);
            }
            return encoded;
        }

        Piece of(String shared) {
            Piece p = pieces.get(shared);
            if (p == null) {
                if (pieces.size() >= MAX_PIECES) {
                    pieces.clear();
                }
                p = Piece.of(shared);
                pieces.put(shared, p);
            }
            return p;
        }
    }

    /** Encodes in[off, off+len) starting at column 0; the end of the range counts as the end of a line. */
    static void encode(byte[] in, int off, int len, ByteBuf buf) {
        int n = off + len;
        // Worst case: every byte escaped, plus a soft break per 73 bytes of output.
        buf.reserve(len * 3 + (len / 20 + 2) * 3);
        byte[] out = buf.bytes;
        int o = buf.size;
        int line = 0;
        for (int i = off; i < n; i++) {
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
        buf.size = o;
    }
}
