package com.verdictdigest.bounces;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a Unix mbox file message by message, streaming (a mailbox export can be large): a message
 * starts at a "From " line at the top of the file or after an empty line; "&gt;From " quoting
 * (mboxrd/mboxo) is undone. Bytes pass through unchanged (read as ISO-8859-1).
 */
public final class Mbox {

    /** Receives each message's raw bytes, numbered from 1. */
    @FunctionalInterface
    public interface MessageHandler {
        void accept(int index, byte[] raw) throws IOException;
    }

    private static final java.util.regex.Pattern QUOTED_FROM = java.util.regex.Pattern.compile(">+From ");

    private Mbox() {
    }

    /** True if the file starts like an mbox ("From " separator line) rather than a single message. */
    public static boolean looksLikeMbox(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(5);
            return new String(head, StandardCharsets.ISO_8859_1).equals("From ");
        }
    }

    /** A message larger than this is cut (its headers and the report parts near its top survive). */
    static final int MAX_MESSAGE_CHARS = 16 * 1024 * 1024;

    /** @return the number of messages read */
    public static int read(Path file, MessageHandler handler) throws IOException {
        return read(file, handler, MAX_MESSAGE_CHARS);
    }

    static int read(Path file, MessageHandler handler, int maxMessageChars) throws IOException {
        int index = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.ISO_8859_1))) {
            StringBuilder current = null;
            boolean previousEmpty = true;
            String line;
            while ((line = r.readLine()) != null) {
                if (previousEmpty && line.startsWith("From ")) {
                    if (current != null) {
                        handler.accept(++index, bytes(current));
                    }
                    current = new StringBuilder();
                    previousEmpty = false;
                    continue;
                }
                previousEmpty = line.isEmpty();
                if (current == null) {
                    continue; // text before the first separator is not a message
                }
                if (line.startsWith(">") && QUOTED_FROM.matcher(line).lookingAt()) {
                    line = line.substring(1);
                }
                if (current.length() + line.length() < maxMessageChars) {
                    current.append(line).append('\n');
                }
            }
            if (current != null) {
                handler.accept(++index, bytes(current));
            }
        }
        return index;
    }

    private static byte[] bytes(StringBuilder message) {
        // The empty line before the next separator belongs to the mbox, not to the message.
        int end = message.length();
        if (end >= 2 && message.charAt(end - 1) == '\n' && message.charAt(end - 2) == '\n') {
            end--;
        }
        return message.substring(0, end).getBytes(StandardCharsets.ISO_8859_1);
    }
}
