package com.verdictdigest.subscribers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Link tokens: 32 random bytes in base64url (43 characters); confirmation tokens are stored as SHA-256 only. */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern LINK_SAFE = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private Tokens() {
    }

    /** A fresh token for a link (subscriber token or confirmation token). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** True if the string could be a token we issued; anything else is not looked up at all. */
    static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    /** True if the string could be a subscriber token stored by any feature (URL-safe, 16 to 64 characters). */
    static boolean linkSafe(String token) {
        return token != null && LINK_SAFE.matcher(token).matches();
    }

    static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
