package com.verdictdigest.mail;

import java.util.Arrays;

/** A growable byte array without ByteArrayOutputStream's locking: one thread builds one message. */
final class ByteBuf {

    byte[] bytes;
    int size;

    ByteBuf(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** Makes room for n more bytes. */
    void reserve(int n) {
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + n, bytes.length * 2));
        }
    }

    ByteBuf append(byte[] b) {
        return append(b, 0, b.length);
    }

    ByteBuf append(byte[] b, int off, int len) {
        reserve(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
        return this;
    }

    /** Appends ASCII text (header lines, boundaries): one byte per char. */
    ByteBuf ascii(String s) {
        int n = s.length();
        reserve(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
