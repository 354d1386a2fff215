package com.verdictdigest.mail;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotedPrintableTest {

    private static final String ALPHABET = "ab =.\t\r\n\u00e9\u20acxyz-_<>\"";

    @Test
    void aSplicedTextEncodesExactlyAsTheWholeText() {
        Random random = new Random(11);
        QuotedPrintable.Pieces cache = new QuotedPrintable.Pieces();
        String[] sharedPool = new String[12];
        for (int i = 0; i < sharedPool.length; i++) {
            sharedPool[i] = randomText(random, 300);
        }
        for (int n = 0; n < 2000; n++) {
            SplicedText.Builder b = SplicedText.builder();
            StringBuilder whole = new StringBuilder();
            int pieces = 1 + random.nextInt(8);
            for (int p = 0; p < pieces; p++) {
                boolean shared = random.nextBoolean();
                String piece = shared ? sharedPool[random.nextInt(sharedPool.length)] : randomText(random, 90);
                if (shared) {
                    b.shared(piece);
                } else {
                    b.personal(piece);
                }
                whole.append(piece);
            }
            ByteBuf out = new ByteBuf(16);
            QuotedPrintable.encode(b.build(), cache, out);
            String expected = new String(QuotedPrintable.encode(whole.toString()), StandardCharsets.US_ASCII);
            assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII))
                    .as("pieces of %s", whole.toString().replace("\r", "<CR>").replace("\n", "<LF>"))
                    .isEqualTo(expected);
        }
    }

    @Test
    void theDkimBodyHashTakenWhileEncodingIsTheLibrarysHashOfTheResult() throws Exception {
        Random random = new Random(12);
        QuotedPrintable.Pieces cache = new QuotedPrintable.Pieces();
        String[] sharedPool = new String[12];
        for (int i = 0; i < sharedPool.length; i++) {
            sharedPool[i] = randomText(random, 300) + "  \t\n\n" + randomText(random, 300);
        }
        for (int n = 0; n < 2000; n++) {
            SplicedText.Builder b = SplicedText.builder();
            int pieces = 1 + random.nextInt(8);
            for (int p = 0; p < pieces; p++) {
                if (random.nextBoolean()) {
                    b.shared(sharedPool[random.nextInt(sharedPool.length)]);
                } else {
                    b.personal(randomText(random, 90));
                }
            }
            ByteBuf out = new ByteBuf(16);
            RelaxedBody hash = RelaxedBody.sha256();
            QuotedPrintable.encode(b.build(), cache, out, hash);
            String body = new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
            byte[] reference = java.security.MessageDigest.getInstance("SHA-256").digest(
                    org.simplejavamail.utils.mail.dkim.Canonicalization.RELAXED.canonicalizeBody(body)
                            .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(hash.finish()).as(body).isEqualTo(reference)
                    .isEqualTo(RelaxedBody.hash(out.bytes, 0, out.size));
        }
    }

    @Test
    void sharedLinesAreEncodedOnceAndReused() {
        QuotedPrintable.Pieces cache = new QuotedPrintable.Pieces();
        String shared = "<p>Dear reader</p>\n<table style=\"width:100%\">\n<tr><td>Mixtral</td></tr>\n";
        QuotedPrintable.Piece first = cache.of(shared);
        assertThat(cache.of(shared)).isSameAs(first);
        assertThat(new String(first.lines().raw, StandardCharsets.US_ASCII))
                .isEqualTo("<table style=3D\"width:100%\">\r\n<tr><td>Mixtral</td></tr>\r\n");
        assertThat(new String(first.head(), StandardCharsets.US_ASCII)).isEqualTo("<p>Dear reader</p>\n");
        assertThat(first.tail()).isEmpty();
    }

    private static String randomText(Random random, int maxLength) {
        StringBuilder s = new StringBuilder();
        int len = random.nextInt(maxLength);
        for (int i = 0; i < len; i++) {
            int k = random.nextInt(40);
            if (k == 0) {
                s.append("\ud83d\ude00");
            } else if (k < 4) {
                s.append('\n');
            } else if (k < 30) {
                s.append((char) ('a' + random.nextInt(26)));
            } else {
                s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return s.toString();
    }
}
