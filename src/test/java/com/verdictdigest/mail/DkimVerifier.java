package com.verdictdigest.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An independent DKIM verifier (RFC 6376 relaxed/relaxed only; rsa-sha256, and ed25519-sha256 of
 * RFC 8463 with the JDK's own Ed25519) written for the tests, so the signer is checked by code
 * that shares nothing with it.
 */
public final class DkimVerifier {

    public record Result(Map<String, String> tags, boolean bodyHashMatches, boolean signatureValid) {
        public List<String> signedHeaders() {
            return List.of(tags.get("h").toLowerCase(Locale.ROOT).split("\\s*:\\s*"));
        }
    }

    private record Field(String name, String raw) {
    }

    public static Result verify(byte[] message, PublicKey key) throws Exception {
        String all = new String(message, StandardCharsets.ISO_8859_1);
        int split = all.indexOf("\r\n\r\n");
        String head = all.substring(0, split + 2);
        String body = all.substring(split + 4);
        List<Field> fields = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            if (line.startsWith(" ") || line.startsWith("\t")) {
                Field last = fields.remove(fields.size() - 1);
                fields.add(new Field(last.name(), last.raw() + "\r\n" + line));
            } else if (!line.isEmpty()) {
                fields.add(new Field(line.substring(0, line.indexOf(':')).trim(), line));
            }
        }
        // The signature made with this kind of key (a message may carry an RSA and an Ed25519 one).
        String wanted = key.getAlgorithm().equals("RSA") ? "rsa-sha256" : "ed25519-sha256";
        Field sig = fields.stream().filter(f -> f.name().equalsIgnoreCase("DKIM-Signature"))
                .filter(f -> f.raw().replaceAll("\\s+", "").contains(";a=" + wanted + ";")
                        || f.raw().replaceAll("\\s+", "").contains(":a=" + wanted + ";"))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no " + wanted + " signature"));
        String sigValue = sig.raw().substring(sig.raw().indexOf(':') + 1);
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : sigValue.split(";")) {
            if (tag.isBlank()) {
                continue;
            }
            int eq = tag.indexOf('=');
            tags.put(tag.substring(0, eq).strip(), tag.substring(eq + 1).replaceAll("\\s+", ""));
        }
        if (!tags.get("a").equals(wanted) || !tags.get("c").equals("relaxed/relaxed")) {
            throw new IllegalArgumentException("only " + wanted + " relaxed/relaxed: " + tags);
        }

        String canonicalBody = relaxedBody(body);
        String bh = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(canonicalBody.getBytes(StandardCharsets.ISO_8859_1)));

        StringBuilder signed = new StringBuilder();
        List<Field> unused = new ArrayList<>(fields);
        for (String name : tags.get("h").split(":")) {
            for (int i = unused.size() - 1; i >= 0; i--) {
                if (unused.get(i).name().equalsIgnoreCase(name.strip())) {
                    signed.append(relaxedHeader(unused.remove(i).raw())).append("\r\n");
                    break;
                }
            }
        }
        String sigWithoutB = sig.raw().replaceAll("(?s)(\\bb=)[^;]*", "$1");
        signed.append(relaxedHeader(sigWithoutB));

        byte[] data = signed.toString().getBytes(StandardCharsets.ISO_8859_1);
        Signature verifier;
        if (wanted.equals("rsa-sha256")) {
            verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(data);
        } else {
            verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(MessageDigest.getInstance("SHA-256").digest(data)); // RFC 8463: Ed25519 over the hash
        }
        boolean valid = verifier.verify(Base64.getDecoder().decode(tags.get("b")));
        return new Result(tags, bh.equals(tags.get("bh")), valid);
    }

    private static String relaxedHeader(String raw) {
        int colon = raw.indexOf(':');
        String name = raw.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = raw.substring(colon + 1).replace("\r\n", "").replaceAll("[ \t]+", " ").strip();
        return name + ":" + value;
    }

    private static String relaxedBody(String body) {
        String[] lines = body.split("\r\n", -1);
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            b.append(line.replaceAll("[ \t]+", " ").replaceAll(" $", "")).append("\r\n");
        }
        String s = b.toString();
        while (s.endsWith("\r\n\r\n")) {
            s = s.substring(0, s.length() - 2);
        }
        return s.equals("\r\n") ? "" : s;
    }
}
