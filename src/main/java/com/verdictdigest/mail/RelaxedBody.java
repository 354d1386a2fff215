package com.verdictdigest.mail;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The DKIM body hash (RFC 6376 §3.4.4 "relaxed" canonicalisation, SHA-256), fed while the
 * message is assembled rather than from the finished message. Relaxed canonicalisation is line
 * by line (runs of blanks become one space, blanks at a line's end and empty lines at the
 * body's end are dropped), so the canonical form of whole lines does not depend on what comes
 * before them: {@link Lines} holds it for the lines every copy of an issue shares, computed
 * once, and {@link #lines} hashes it without looking at those bytes again. Only the bytes
 * around the personal pieces go through the canonicaliser per message.
 *
 * <p>Input is a body as it goes into DATA (CRLF line ends); a bare LF also ends a line, and a
 * bare CR is kept as data. One instance hashes one body, in one thread.
 */
final class RelaxedBody {

    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final MessageDigest sha;
    private final ByteBuf collect;
    private final byte[] out = new byte[1024];
    private int n;
    /** CRLFs of empty lines not hashed yet: they are only if something follows them. */
    private int emptyLines;
    /** Blanks seen in the current line and not written yet (one space if more text follows). */
    private boolean blank;
    /** Whether the current line has text. */
    private boolean text;
    /** A CR was the last byte: a line end if LF follows. */
    private boolean cr;

    private RelaxedBody(MessageDigest sha, ByteBuf collect) {
        this.sha = sha;
        this.collect = collect;
    }

    /** A fresh body hash. */
    static RelaxedBody sha256() {
        try {
            return new RelaxedBody((MessageDigest) SHA256.clone(), null);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash of a whole body (a message that was not hashed while it was built). */
    static byte[] hash(byte[] body, int off, int len) {
        RelaxedBody h = sha256();
        h.update(body, off, len);
        return h.finish();
    }

    /** Canonicalises and hashes the next bytes of the body. */
    void update(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (!cr && !blank) {
                // Most bytes stay as they are: text, and single spaces between text. Hash such runs whole.
                int j = i;
                while (j < end) {
                    int u = b[j] & 0xff;
                    if (u > ' ' || (u == ' ' && j + 1 < end && (b[j + 1] & 0xff) > ' ')) {
                        j++;
                    } else {
                        break;
                    }
                }
                if (j > i) {
                    if (!text) {
                        flushEmptyLines();
                        text = true;
                    }
                    bulk(b, i, j - i);
                    i = j;
                    continue;
                }
            }
            byte c = b[i++];
            if (cr) {
                cr = false;
                if (c == '\n') {
                    endLine();
                    continue;
                }
                text((byte) '\r');
            }
            switch (c) {
                case ' ', '\t' -> blank = true;
                case '\r' -> cr = true;
                case '\n' -> endLine();
                default -> text(c);
            }
        }
    }

    private void bulk(byte[] b, int off, int len) {
        if (len <= out.length - n) {
            System.arraycopy(b, off, out, n, len);
            n += len;
            return;
        }
        flush();
        if (sha != null) {
            sha.update(b, off, len);
        } else {
            collect.append(b, off, len);
        }
    }

    /** Hashes whole lines whose canonical form was computed before (they start at a line start). */
    void lines(Lines lines) {
        if (cr || text || blank) {
            update(lines.raw, 0, lines.raw.length); // not at a line start: cannot happen with the builder's pieces
            return;
        }
        if (lines.canonicalLength > 0) {
            flushEmptyLines();
            flush();
            sha.update(lines.canonical, 0, lines.canonicalLength);
            emptyLines = 0;
        }
        emptyLines += lines.trailingEmptyLines;
    }

    /** @return the body hash; the instance is done */
    byte[] finish() {
        if (cr) {
            cr = false;
            text((byte) '\r');
        }
        if (text) {
            put((byte) '\r');
            put((byte) '\n'); // a body not ending in CRLF gets one
        }
        flush();
        return sha.digest();
    }

    private void text(byte c) {
        if (!text) {
            flushEmptyLines();
            text = true;
        }
        if (blank) {
            put((byte) ' ');
            blank = false;
        }
        put(c);
    }

    private void endLine() {
        blank = false;
        if (text) {
            put((byte) '\r');
            put((byte) '\n');
            text = false;
        } else {
            emptyLines++;
        }
    }

    private void flushEmptyLines() {
        for (; emptyLines > 0; emptyLines--) {
            put((byte) '\r');
            put((byte) '\n');
        }
    }

    private void put(byte b) {
        if (n == out.length) {
            flush();
        }
        out[n++] = b;
    }

    private void flush() {
        if (n > 0) {
            if (sha != null) {
                sha.update(out, 0, n);
            } else {
                collect.append(out, 0, n);
            }
            n = 0;
        }
    }

    /**
     * Encoded lines shared by every copy (each ends with CRLF), with their canonical form: the
     * same array when canonicalisation changes nothing, as it is for most quoted-printable lines.
     */
    static final class Lines {
        final byte[] raw;
        final byte[] canonical;
        final int canonicalLength;
        /** Empty lines at the end, left out of canonical: they count only if text follows. */
        final int trailingEmptyLines;

        private Lines(byte[] raw, byte[] canonical, int canonicalLength, int trailingEmptyLines) {
            this.raw = raw;
            this.canonical = canonical;
            this.canonicalLength = canonicalLength;
            this.trailingEmptyLines = trailingEmptyLines;
        }

        static Lines of(byte[] raw) {
            ByteBuf c = new ByteBuf(raw.length);
            RelaxedBody canon = new RelaxedBody(null, c);
            canon.update(raw, 0, raw.length);
            if (canon.cr || canon.text || canon.blank) {
                throw new IllegalArgumentException("not whole lines");
            }
            canon.flush();
            boolean same = c.size <= raw.length && java.util.Arrays.equals(raw, 0, c.size, c.bytes, 0, c.size);
            return new Lines(raw, same ? raw : c.toByteArray(), c.size, canon.emptyLines);
        }
    }
}
