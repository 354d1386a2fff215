package com.verdictdigest.system;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The server's secret for MACs on links and identifiers that strangers hand back to us (vote
 * links, unsubscribe tokens, Message-IDs of bounces). One master key, {@code verdict.secret}
 * (base64, at least 32 bytes) or else generated once and kept in the database, so every instance
 * sharing a database shares the key; each use derives its own key from a purpose name, so a MAC
 * made for one purpose never verifies for another.
 */
@Component
public class ServerSecret {

    public static final String PROPERTY = "verdict.secret";
    private static final String ALGORITHM = "HmacSHA256";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String configured;
    private volatile byte[] master;
    /** Derived once per purpose: every mail carries MACs, so the send path must not derive keys per message. */
    private final java.util.Map<String, byte[]> purposeKeys = new java.util.concurrent.ConcurrentHashMap<>();

    public ServerSecret(JdbcClient jdbc, Clock clock, Environment env) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.configured = InstallationProperties.of(env).secret();
    }

    /** HMAC-SHA256 of {@code data} under the key for {@code purpose}. */
    public byte[] mac(String purpose, byte[] data) {
        return hmac(purposeKey(purpose), data);
    }

    public byte[] mac(String purpose, String data) {
        return mac(purpose, data.getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time check of a MAC (or a prefix of one: links carry a shortened MAC). */
    public boolean verify(String purpose, byte[] data, byte[] givenMac) {
        byte[] expected = mac(purpose, data);
        if (givenMac == null || givenMac.length < 16 || givenMac.length > expected.length) {
            return false;
        }
        byte[] prefix = java.util.Arrays.copyOf(expected, givenMac.length);
        return MessageDigest.isEqual(prefix, givenMac);
    }

    /**
     * The key for {@code purpose} as a reusable signer, for hot paths (a link per item of every
     * copy of an issue): no key derivation and no {@code Mac} lookup per call. Cheap to make: the
     * key is read at the first MAC (the master key may be in the database, which a bean made at
     * start-up must not read yet), so a holder can make it once in its constructor.
     */
    public Signer signer(String purpose) {
        return new Signer(() -> purposeKey(purpose));
    }

    /** HMAC-SHA256 under one purpose's key; safe for many threads (one {@code Mac} per thread). */
    public static final class Signer {

        private final ThreadLocal<Mac> macs;

        private Signer(java.util.function.Supplier<byte[]> key) {
            this.macs = ThreadLocal.withInitial(() -> {
                try {
                    Mac mac = Mac.getInstance(ALGORITHM);
                    mac.init(new SecretKeySpec(key.get(), ALGORITHM));
                    return mac;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("HmacSHA256 is not available", e);
                }
            });
        }

        /** The 32-byte MAC of {@code data[offset, offset + length)}. */
        public byte[] mac(byte[] data, int offset, int length) {
            Mac mac = macs.get();
            mac.update(data, offset, length);
            return mac.doFinal();
        }
    }

    private byte[] purposeKey(String purpose) {
        return purposeKeys.computeIfAbsent(purpose,
                p -> hmac(master(), ("verdict-digest/" + p).getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private byte[] master() {
        byte[] m = master;
        if (m == null) {
            synchronized (this) {
                if (master == null) {
                    master = configured.isBlank() ? stored() : decode(configured);
                }
                m = master;
            }
        }
        return m;
    }

    private static byte[] decode(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(PROPERTY + " is not base64: " + e.getMessage());
        }
        if (key.length < 32) {
            throw new IllegalStateException(PROPERTY + " must hold at least 32 bytes (base64 of 32 random bytes)");
        }
        return key;
    }

    /** The key kept in the database, made on first use; two instances racing agree on the first one stored. */
    private byte[] stored() {
        String found = read();
        if (found == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try {
                jdbc.sql("insert into system_secret (name, secret, created_at) values ('master', :secret, :now)")
                        .param("secret", Base64.getEncoder().encodeToString(fresh))
                        .param("now", SqlTime.ts(clock.instant())).update();
            } catch (DuplicateKeyException e) {
                // another instance stored one first: use theirs
            }
            found = read();
        }
        return Base64.getDecoder().decode(found);
    }

    private String read() {
        return jdbc.sql("select secret from system_secret where name = 'master'").query(String.class).optional().orElse(null);
    }
}
