package com.verdictdigest.votes;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.system.ServerSecret;
import org.springframework.stereotype.Component;

/**
 * The token of a vote link, {@code /votes/{token}}: base64url of a version byte (which also holds
 * the choice), the subscriber id, issue number, comparison id, tool id and expiry (epoch minute)
 * as unsigned varints, then a 16-byte HMAC-SHA256 tag under the server's key for vote links
 * ({@link ServerSecret}). About 40 characters, so 48 links keep a digest small.
 *
 * <p>One MAC covers everything but the choice; its first half is the tag of the "ship" link and
 * its second half the tag of the "skip" link. Each half is an independent part of a PRF's output,
 * so holding one link tells nothing about the other's tag: the choice is bound as firmly as the
 * other fields, for half the MACs per copy. Checked in constant time ({@link MessageDigest#isEqual}).
 */
@Component
public class VoteTokens {

    static final String PURPOSE = "vote-link";
    static final int VERSION = 1;
    static final int TAG = 16;
    /** A real token is about 40 characters; anything much longer is not one of ours and is not decoded. */
    static final int MAX_LENGTH = 100;
    private static final int MIN_LENGTH = 24;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** What {@link #check} found. */
    public enum Status { VALID, INVALID, EXPIRED }

    /** @param token the token's content when it is VALID or EXPIRED (its MAC was right); null when INVALID */
    public record Checked(Status status, VoteToken token) {
    }

    private final ServerSecret.Signer signer;
    private final Clock clock;

    public VoteTokens(ServerSecret secret, Clock clock) {
        this.signer = secret.signer(PURPOSE);
        this.clock = clock;
    }

    /** The two tokens of one tool for one reader: {@code [ship, skip]}. One MAC for both. */
    public String[] sign(long subscriberId, int issueNumber, long comparisonId, long toolId, long expiresMinute) {
        byte[] buf = new byte[1 + 5 * 10 + TAG];
        int n = 0;
        buf[n++] = (byte) (VERSION << 1);
        n = varint(buf, n, subscriberId);
        n = varint(buf, n, issueNumber);
        n = varint(buf, n, comparisonId);
        n = varint(buf, n, toolId);
        n = varint(buf, n, expiresMinute);
        byte[] mac = signer.mac(buf, 0, n);
        String[] out = new String[2];
        for (int choice = 0; choice < 2; choice++) {
            buf[0] = (byte) (VERSION << 1 | choice);
            System.arraycopy(mac, choice * TAG, buf, n, TAG);
            out[choice] = ENCODER.encodeToString(Arrays.copyOf(buf, n + TAG));
        }
        return out;
    }

    /** The token of the same link with the other choice (the result page's "change my vote"). */
    public String signOther(VoteToken t) {
        String[] both = sign(t.subscriberId(), t.issueNumber(), t.comparisonId(), t.toolId(),
                t.expiresAt().getEpochSecond() / 60);
        return both[t.choice() == Verdict.SHIP ? 1 : 0];
    }

    /** The epoch minute a link made now expires at. */
    public static long expiryMinute(Instant expiresAt) {
        return expiresAt.getEpochSecond() / 60;
    }

    /** Decodes and verifies a token from a URL; nothing but the bounded, well-formed ones is decoded. */
    public Checked check(String token) {
        if (token == null || token.length() < MIN_LENGTH || token.length() > MAX_LENGTH || !base64url(token)) {
            return new Checked(Status.INVALID, null);
        }
        byte[] b;
        try {
            b = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return new Checked(Status.INVALID, null);
        }
        if (!ENCODER.encodeToString(b).equals(token)) {
            return new Checked(Status.INVALID, null); // unused low bits set in the last character: not as we wrote it
        }
        int payloadEnd = b.length - TAG;
        if (payloadEnd < 6 || (b[0] & 0xff) >> 1 != VERSION) {
            return new Checked(Status.INVALID, null);
        }
        long[] fields = new long[5];
        int pos = 1;
        for (int i = 0; i < fields.length; i++) {
            long value = 0;
            int shift = 0;
            while (true) {
                if (pos >= payloadEnd || shift > 56) {
                    return new Checked(Status.INVALID, null);
                }
                int x = b[pos++] & 0xff;
                value |= (long) (x & 0x7f) << shift;
                shift += 7;
                if ((x & 0x80) == 0) {
                    break;
                }
            }
            fields[i] = value;
        }
        if (pos != payloadEnd) {
            return new Checked(Status.INVALID, null);
        }
        Verdict choice = (b[0] & 1) == 0 ? Verdict.SHIP : Verdict.SKIP;
        byte[] data = Arrays.copyOf(b, payloadEnd);
        data[0] = (byte) (VERSION << 1);
        byte[] mac = signer.mac(data, 0, data.length);
        int from = choice == Verdict.SHIP ? 0 : TAG;
        if (!MessageDigest.isEqual(Arrays.copyOfRange(mac, from, from + TAG), Arrays.copyOfRange(b, payloadEnd, b.length))) {
            return new Checked(Status.INVALID, null);
        }
        if (fields[1] > Integer.MAX_VALUE || fields[4] > Long.MAX_VALUE / 60) {
            return new Checked(Status.INVALID, null);
        }
        Instant expires = Instant.ofEpochSecond(fields[4] * 60);
        VoteToken t = new VoteToken(fields[0], (int) fields[1], fields[2], fields[3], choice, expires);
        return new Checked(clock.instant().isBefore(expires) ? Status.VALID : Status.EXPIRED, t);
    }

    private static int varint(byte[] buf, int n, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("vote link fields are not negative: " + value);
        }
        while ((value & ~0x7fL) != 0) {
            buf[n++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buf[n++] = (byte) value;
        return n;
    }

    private static boolean base64url(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
