package com.verdictdigest.mail;

import java.util.Arrays;

/**
 * One recipient's copy as the pieces it was spliced from. A shared piece is the very String of
 * the shared render, the same object for every recipient, so a sender can cache what it
 * derives from it (its transfer encoding); the other pieces are this recipient's own.
 */
public final class SplicedText {

    private final String[] pieces;
    private final boolean[] shared;
    private String joined;

    private SplicedText(String[] pieces, boolean[] shared) {
        this.pieces = pieces;
        this.shared = shared;
    }

    /** A text made of one recipient-specific piece (nothing to share). */
    public static SplicedText of(String text) {
        return new SplicedText(new String[] {text}, new boolean[] {false});
    }

    public int size() {
        return pieces.length;
    }

    public String piece(int i) {
        return pieces[i];
    }

    /** Whether piece i is the same for every recipient of the issue. */
    public boolean isShared(int i) {
        return shared[i];
    }

    /** The whole text. */
    @Override
    public String toString() {
        String j = joined;
        if (j == null) {
            j = pieces.length == 1 ? pieces[0] : String.join("", pieces);
            joined = j;
        }
        return j;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects pieces in order; empty pieces are dropped. Runs once per copy: no boxing. */
    public static final class Builder {
        private String[] pieces = new String[64];
        private boolean[] shared = new boolean[64];
        private int size;

        public Builder shared(String piece) {
            return add(piece, true);
        }

        public Builder personal(String piece) {
            return add(piece, false);
        }

        private Builder add(String piece, boolean isShared) {
            if (!piece.isEmpty()) {
                if (size == pieces.length) {
                    pieces = Arrays.copyOf(pieces, size * 2);
                    shared = Arrays.copyOf(shared, size * 2);
                }
                pieces[size] = piece;
                shared[size++] = isShared;
            }
            return this;
        }

        public SplicedText build() {
            return new SplicedText(Arrays.copyOf(pieces, size), Arrays.copyOf(shared, size));
        }
    }
}
