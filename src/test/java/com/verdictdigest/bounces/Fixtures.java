package com.verdictdigest.bounces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The bounce fixtures under src/test/resources/bounces ("file.mbox#2" names an mbox's second message). */
final class Fixtures {

    static final String DOMAIN = "verdicts.example.com";

    private Fixtures() {
    }

    static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/bounces").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] raw(String name) {
        try {
            int hash = name.indexOf('#');
            if (hash >= 0) {
                int index = Integer.parseInt(name.substring(hash + 1));
                List<byte[]> messages = new ArrayList<>();
                Mbox.read(dir().resolve(name.substring(0, hash)), (i, raw) -> messages.add(raw));
                return messages.get(index - 1);
            }
            try (InputStream in = Fixtures.class.getResourceAsStream("/bounces/" + name)) {
                if (in == null) {
                    throw new IllegalArgumentException("no fixture " + name);
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture with another Message-ID (or one added): a new bounce message of the same kind. */
    static byte[] withMessageId(String name, String messageId) {
        return withMessageIdOf(raw(name), messageId);
    }

    static byte[] withMessageIdOf(byte[] raw, String messageId) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        String header = "Message-ID: <" + messageId + ">";
        String replaced = s.replaceFirst("(?im)^Message-Id:[^\\n]*", java.util.regex.Matcher.quoteReplacement(header));
        if (replaced.equals(s)) {
            replaced = header + "\n" + s;
        }
        return replaced.getBytes(StandardCharsets.ISO_8859_1);
    }
}
