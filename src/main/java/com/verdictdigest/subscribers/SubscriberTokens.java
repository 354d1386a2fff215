package com.verdictdigest.subscribers;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.OptionalLong;

import com.verdictdigest.system.ServerSecret;
import org.springframework.stereotype.Component;

/**
 * A subscriber's link token, in the unsubscribe and preferences links and the List-Unsubscribe
 * mailto {@code unsubscribe+TOKEN@domain}: {@code ID-MAC}, the id in base 36 and MAC the first 16
 * bytes (hex) of the server's HMAC of the id and the token version. The server recomputes it, so
 * it is stored nowhere: the sender renders links without a column to read, and a database dump
 * holds no working link. Lower case only: mail systems may lower-case the mailto's local part.
 *
 * <p>Tokens of release 0.1 (32 random bytes, stored in plain text) still work: only their SHA-256
 * is kept ({@code subscriber.legacy_token_hash}, see {@link SubscriberRepository#findByToken}).
 */
@Component
public class SubscriberTokens {

    static final String PURPOSE = "subscriber-link";
    /** Part of the MAC's input: a new version would invalidate every link of the old one. */
    static final int VERSION = 1;
    private static final int MAC_BYTES = 16;

    private final ServerSecret secret;
    private final ServerSecret.Signer signer;

    public SubscriberTokens(ServerSecret secret) {
        this.secret = secret;
        this.signer = secret.signer(PURPOSE);
    }

    /** The token of the subscriber with this id (once per recipient of a send: no Mac lookup per call). */
    public String forSubscriber(long id) {
        byte[] data = data(id);
        return Long.toString(id, 36) + "-" + HexFormat.of().formatHex(signer.mac(data, 0, data.length), 0, MAC_BYTES);
    }

    /** The subscriber id a token of ours names (checked in constant time), else empty. */
    OptionalLong verify(String token) {
        if (token == null || token.length() > 64) {
            return OptionalLong.empty();
        }
        String t = token.toLowerCase(Locale.ROOT);
        int dash = t.indexOf('-');
        if (dash < 1 || dash > 13 || t.length() != dash + 1 + 2 * MAC_BYTES) {
            return OptionalLong.empty();
        }
        long id;
        byte[] mac;
        try {
            id = Long.parseLong(t.substring(0, dash), 36);
            mac = HexFormat.of().parseHex(t, dash + 1, t.length());
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        return id > 0 && secret.verify(PURPOSE, data(id), mac) ? OptionalLong.of(id) : OptionalLong.empty();
    }

    /** A release 0.1 token as it is kept: its SHA-256, never the token. */
    static String legacyHash(String token) {
        return Tokens.sha256Hex(token);
    }

    private static byte[] data(long id) {
        return ("v" + VERSION + ":" + id).getBytes(StandardCharsets.US_ASCII);
    }
}
