package com.verdictdigest.mail;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** DKIM keys: reading the configured private key, making a new pair, and the DNS record to publish. */
public final class DkimKeys {

    private DkimKeys() {
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    public static RSAPrivateKey readPrivateKey(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("DKIM key " + file + ": cannot read (" + e.getMessage() + ")");
        }
        RSAPrivateKey key;
        String text = new String(bytes, StandardCharsets.US_ASCII);
        try {
            if (text.contains("-----BEGIN")) {
                Object pem = new PEMParser(new StringReader(text)).readObject();
                PrivateKeyInfo info = pem instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
                        : pem instanceof PrivateKeyInfo i ? i : null;
                if (info == null) {
                    throw new IllegalArgumentException("DKIM key " + file + ": no unencrypted private key in the PEM file");
                }
                key = (RSAPrivateKey) new JcaPEMKeyConverter().getPrivateKey(info);
            } else {
                key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(bytes));
            }
        } catch (IOException | InvalidKeySpecException | NoSuchAlgorithmException | ClassCastException e) {
            throw new IllegalArgumentException("DKIM key " + file + ": not an RSA private key in PEM or DER (PKCS#8) form ("
                    + e.getMessage() + ")");
        }
        if (key.getModulus().bitLength() < 2048) {
            throw new IllegalArgumentException("DKIM key " + file + ": " + key.getModulus().bitLength()
                    + "-bit RSA; use 2048 bits or more (RFC 8301)");
        }
        return key;
    }

    /** An Ed25519 private key (RFC 8463), PKCS#8 in PEM or DER: what {@code openssl genpkey -algorithm ed25519} writes. */
    public static PrivateKey readEd25519Key(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("DKIM Ed25519 key " + file + ": cannot read (" + e.getMessage() + ")");
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        try {
            if (text.contains("-----BEGIN PRIVATE KEY-----")) {
                String b64 = text.substring(text.indexOf("-----BEGIN PRIVATE KEY-----") + 27, text.indexOf("-----END"));
                bytes = Base64.getMimeDecoder().decode(b64);
            }
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(bytes));
        } catch (InvalidKeySpecException | NoSuchAlgorithmException | IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("DKIM Ed25519 key " + file + ": not an Ed25519 private key in PKCS#8 PEM "
                    + "(BEGIN PRIVATE KEY) or DER form (" + e.getMessage() + ")");
        }
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair generateEd25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String privatePem(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    public static String publicPem(KeyPair pair) {
        return pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    /**
     * The TXT record in zone-file form, its value split into strings of at most 255 characters.
     * An RSA key is published as its SubjectPublicKeyInfo, an Ed25519 key as its 32 bytes (RFC 8463).
     */
    public static String dnsRecord(String selector, String domain, KeyPair pair) {
        byte[] spki = pair.getPublic().getEncoded();
        boolean ed25519 = pair.getPublic().getAlgorithm().equals("EdDSA") || pair.getPublic().getAlgorithm().equals("Ed25519");
        String value = ed25519
                ? "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length))
                : "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(spki);
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            chunks.add("\"" + value.substring(i, Math.min(value.length(), i + 255)) + "\"");
        }
        return selector + "._domainkey." + domain + ". IN TXT ( " + String.join(" ", chunks) + " )";
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
