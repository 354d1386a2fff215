package com.verdictdigest.support;

import java.time.Clock;
import java.util.Base64;

import com.verdictdigest.mail.DkimSigning;
import com.verdictdigest.mail.ListMessageIds;
import com.verdictdigest.mail.MessageBuilder;
import com.verdictdigest.subscribers.SubscriberTokens;
import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.ServerSecret;
import com.verdictdigest.system.SiteProperties;
import org.springframework.mock.env.MockEnvironment;

/** The example site and sender identity that tests build mails with, and the server secret of tests built by hand. */
public final class Identity {

    public static final SenderProperties SENDER = new SenderProperties("digest@verdicts.example.com", "Verdict Digest",
            "editors@verdicts.example.com", "verdicts.example.com");
    public static final SiteProperties SITE = new SiteProperties("Verdict Digest", "https://verdicts.example.com",
            "https://app.verdicts.example.com", "1 Example Street");

    /** A configured master key (no database needed): the MACs of tokens and Message-IDs in hand-built tests. */
    public static final ServerSecret SECRET = secret(Base64.getEncoder().encodeToString(
            "verdict-digest-tests-master-key-32b!".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

    private Identity() {
    }

    public static ServerSecret secret(String base64) {
        MockEnvironment env = new MockEnvironment();
        env.setProperty(ServerSecret.PROPERTY, base64);
        return new ServerSecret(null, Clock.systemUTC(), env);
    }

    /** How a release 0.1 link token is kept since it stopped being stored: its SHA-256 in hex. */
    public static String legacyTokenHash(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SubscriberTokens tokens() {
        return new SubscriberTokens(SECRET);
    }

    public static ListMessageIds messageIds(SenderProperties sender) {
        return new ListMessageIds(SECRET, sender);
    }

    /** A message builder as the application makes one, offering the List-Unsubscribe mailto (a mailbox reads it). */
    public static MessageBuilder messageBuilder(SenderProperties sender, SiteProperties site, Clock clock) {
        return messageBuilder(sender, site, clock, null);
    }

    /** The same, hashing bodies for DKIM while it builds them when {@code dkim} signs. */
    public static MessageBuilder messageBuilder(SenderProperties sender, SiteProperties site, Clock clock, DkimSigning dkim) {
        return new MessageBuilder(sender, site, clock, dkim, messageIds(sender), () -> true);
    }
}
