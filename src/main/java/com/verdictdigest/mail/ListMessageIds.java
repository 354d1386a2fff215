package com.verdictdigest.mail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.ServerSecret;
import org.springframework.stereotype.Component;

/**
 * What names one copy of an issue to one subscriber in the mail we send, so that what comes back
 * (a bounce, a complaint) can be tied to that copy and nobody can forge it for another: the
 * Message-ID {@code <digest-ISSUE-SUBSCRIBER-MAC@domain>} and the VERP token
 * {@code ISSUE-SUBSCRIBER-MAC} (numbers in base 36) of {@code bounces+TOKEN@domain}. MAC is the
 * first 16 bytes, in hex, of the server's HMAC of "ISSUE:SUBSCRIBER" for this purpose: stable per
 * issue and subscriber (a resend after a crash carries the same ones), recomputed rather than
 * stored, and case-insensitive, since mail systems may lower-case an address's local part.
 */
@Component
public class ListMessageIds {

    /** The copy a Message-ID or VERP token of ours names. */
    public record Copy(long issueNumber, long subscriberId) {
    }

    static final String PURPOSE = "list-message";
    private static final int MAC_BYTES = 16;
    private static final String ID_PREFIX = "digest-";
    /** Candidates examined per text: a bounce quotes its message a few times, not hundreds. */
    private static final int MAX_CANDIDATES = 64;
    private static final int MAX_ID_CHARS = 120;

    private final ServerSecret secret;
    private final String domain;

    public ListMessageIds(ServerSecret secret, SenderProperties sender) {
        this.secret = secret;
        this.domain = sender.domain().toLowerCase(Locale.ROOT);
    }

    /** The MAC shared by the copy's Message-ID and VERP token (one HMAC per message). */
    public String mac(long issueNumber, long subscriberId) {
        byte[] full = secret.mac(PURPOSE, data(issueNumber, subscriberId));
        return HexFormat.of().formatHex(full, 0, MAC_BYTES);
    }

    public String messageId(long issueNumber, long subscriberId, String mac) {
        return "<" + ID_PREFIX + issueNumber + "-" + subscriberId + "-" + mac + "@" + domain + ">";
    }

    public String verpToken(long issueNumber, long subscriberId, String mac) {
        return Long.toString(issueNumber, 36) + "-" + Long.toString(subscriberId, 36) + "-" + mac;
    }

    /** The copy a VERP token names, if the token is one of ours ({@code ISSUE-SUBSCRIBER-MAC}, base 36). */
    public Optional<Copy> fromVerpToken(String token) {
        if (token == null || token.length() > 64) {
            return Optional.empty();
        }
        String[] parts = token.toLowerCase(Locale.ROOT).split("-", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        return verified(parse(parts[0], 36), parse(parts[1], 36), parts[2]);
    }

    /** The copy a Message-ID names ({@code <digest-ISSUE-SUBSCRIBER-MAC@domain>}, brackets optional), if ours. */
    public Optional<Copy> fromMessageId(String messageId) {
        if (messageId == null || messageId.length() > 200) {
            return Optional.empty();
        }
        String s = messageId.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        int at = s.lastIndexOf('@');
        if (at < 0 || !s.startsWith(ID_PREFIX) || !s.substring(at + 1).equals(domain)) {
            return Optional.empty();
        }
        String[] parts = s.substring(ID_PREFIX.length(), at).split("-", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        return verified(parse(parts[0], 10), parse(parts[1], 10), parts[2]);
    }

    /**
     * The first of {@code messageIds} that names a copy we sent (MAC checked): of those
     * {@link #candidatesIn} found in a bounce's returned headers or a complaint's reported message.
     */
    public Optional<Copy> firstOfOurs(List<String> messageIds) {
        for (String id : messageIds) {
            Optional<Copy> copy = fromMessageId(id);
            if (copy.isPresent()) {
                return copy;
            }
        }
        return Optional.empty();
    }

    /**
     * What in {@code text} has the shape of our Message-IDs ({@code <digest-...>}, at most
     * {@value #MAX_ID_CHARS} characters) among its first {@value #MAX_CANDIDATES} openings,
     * unchecked: text work only, no secret, so a bounce parser runs it under its time limit.
     */
    public static List<String> candidatesIn(CharSequence text) {
        String t = text.toString();
        List<String> found = new ArrayList<>();
        int from = 0;
        for (int n = 0; n < MAX_CANDIDATES; n++) {
            int start = indexOfIgnoreCase(t, "<" + ID_PREFIX, from);
            if (start < 0) {
                break;
            }
            int end = t.indexOf('>', start);
            if (end < 0) {
                break;
            }
            if (end - start <= MAX_ID_CHARS) {
                found.add(t.substring(start, end + 1));
            }
            from = start + 1;
        }
        return found;
    }

    private Optional<Copy> verified(long issue, long subscriber, String mac) {
        if (issue <= 0 || subscriber <= 0 || mac.length() != 2 * MAC_BYTES || !isHex(mac)) {
            return Optional.empty();
        }
        byte[] given = HexFormat.of().parseHex(mac);
        return secret.verify(PURPOSE, data(issue, subscriber), given) ? Optional.of(new Copy(issue, subscriber)) : Optional.empty();
    }

    private static byte[] data(long issueNumber, long subscriberId) {
        return (issueNumber + ":" + subscriberId).getBytes(StandardCharsets.US_ASCII);
    }

    private static long parse(String s, int radix) {
        if (s.isEmpty() || s.length() > 13) {
            return -1;
        }
        try {
            return Long.parseLong(s, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfIgnoreCase(String text, String needle, int from) {
        for (int i = Math.max(0, from); i <= text.length() - needle.length(); i++) {
            if (text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }
}
