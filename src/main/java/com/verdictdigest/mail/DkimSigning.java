package com.verdictdigest.mail;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.verdictdigest.system.SenderProperties;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * DKIM relaxed/relaxed, rsa-sha256, and optionally ed25519-sha256 too (RFC 8463). A message from
 * {@link MessageBuilder} arrives with its body hash computed while it was assembled, so signing
 * costs the canonical form of a dozen header lines and one signature per key; the signature
 * header goes in front of the ready bytes ({@link DkimSignature}). Any other message is written
 * out once and signed the same way. utils-mail-dkim is the reference the tests hold this to.
 *
 * <p>With an Ed25519 key configured every message carries two signatures, RSA first: a receiver
 * that only verifies RSA (most of them) checks that one and skips the other, so Ed25519 is only
 * ever added, never instead. A signer holds {@link Signature} objects, which are not
 * thread-safe: each sender thread takes its own from {@link #newSigner()}.
 */
@Component
public class DkimSigning {

    private final boolean enabled;
    private final String domain;
    private final String rsaSelector;
    private final PrivateKey rsaKey;
    private final String ed25519Selector;
    private final PrivateKey ed25519Key;
    private final Provider provider;
    private final Clock clock;

    @Autowired
    public DkimSigning(DkimProperties dkim, SenderProperties sender, Clock clock) {
        this.clock = clock;
        this.enabled = dkim.enabled();
        String d = dkim.domain() == null || dkim.domain().isBlank() ? sender.domain() : dkim.domain();
        this.rsaSelector = enabled ? DkimSignature.tagValue("verdict.delivery.dkim.selector", dkim.selector()) : dkim.selector();
        this.domain = enabled ? DkimSignature.tagValue("verdict.delivery.dkim.domain", d) : d;
        if (enabled && (dkim.keyFile() == null || dkim.keyFile().toString().isBlank())) {
            throw new IllegalArgumentException("verdict.delivery.dkim.key-file is required when DKIM is enabled "
                    + "(make one with: dkim keygen --selector " + rsaSelector + " --out DIR)");
        }
        this.rsaKey = enabled ? DkimKeys.readPrivateKey(dkim.keyFile()) : null;
        boolean ed = enabled && dkim.ed25519KeyFile() != null && !dkim.ed25519KeyFile().toString().isBlank();
        if (ed && (dkim.ed25519Selector() == null || dkim.ed25519Selector().isBlank()
                || dkim.ed25519Selector().equals(rsaSelector))) {
            throw new IllegalArgumentException("verdict.delivery.dkim.ed25519-selector is required with ed25519-key-file "
                    + "and must differ from the RSA selector (each DNS record holds one key)");
        }
        this.ed25519Selector = ed ? DkimSignature.tagValue("verdict.delivery.dkim.ed25519-selector", dkim.ed25519Selector()) : null;
        this.provider = enabled ? provider(dkim.provider()) : null;
        this.ed25519Key = ed ? DkimKeys.readEd25519Key(dkim.ed25519KeyFile()) : null;
    }

    public DkimSigning(DkimProperties dkim, SenderProperties sender) {
        this(dkim, sender, Clock.systemUTC());
    }

    public boolean enabled() {
        return enabled;
    }

    /** The algorithms each message is signed with, in the order of their headers. */
    public List<String> algorithms() {
        List<String> a = new ArrayList<>();
        if (enabled) {
            a.add("rsa-sha256");
            if (ed25519Key != null) {
                a.add("ed25519-sha256");
            }
        }
        return a;
    }

    /** @return a signer for one thread, or null when DKIM is off */
    public Signer newSigner() {
        if (!enabled) {
            return null;
        }
        try {
            Signature rsa = provider == null ? Signature.getInstance("SHA256withRSA")
                    : Signature.getInstance("SHA256withRSA", provider);
            rsa.initSign(rsaKey);
            List<DkimSignature.Key> keys = new ArrayList<>(2);
            keys.add(new DkimSignature.Key("rsa-sha256", rsaSelector, data -> {
                rsa.update(data);
                return rsa.sign();
            }));
            if (ed25519Key != null) {
                keys.add(new DkimSignature.Key("ed25519-sha256", ed25519Selector, ed25519(ed25519Key, provider)));
            }
            return new Signer(new DkimSignature(domain, keys, clock));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DKIM signer: " + e.getMessage(), e);
        }
    }

    /** One thread's signer. */
    public static final class Signer {
        private final DkimSignature signature;

        Signer(DkimSignature signature) {
            this.signature = signature;
        }

        /** The message to hand to the transport: the same bytes behind DKIM-Signature headers. */
        public MimeMessage sign(MimeMessage message) throws MessagingException {
            return signPrepared(message instanceof PreparedMessage p ? p : PreparedMessage.of(message));
        }

        PreparedMessage signPrepared(PreparedMessage message) {
            return message.withHeadersInFront(signature.headers(message.headerBlock(), message.bodyHash()));
        }
    }

    /** Ed25519 signs the SHA-256 of the header data (RFC 8463 §3). */
    private static DkimSignature.SigningFunction ed25519(PrivateKey key, Provider provider) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        if (provider != null) {
            Signature s = Signature.getInstance("Ed25519", provider);
            s.initSign(key);
            return data -> {
                s.update(sha.digest(data));
                return s.sign();
            };
        }
        // The JDK 17's own Ed25519 takes ~1 ms a signature here, Bouncy Castle's ~70 us.
        byte[] seed = ((EdECPrivateKey) key).getBytes().orElseThrow(() -> new IllegalArgumentException("Ed25519 key without its bytes"));
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, new Ed25519PrivateKeyParameters(seed, 0));
        return data -> {
            byte[] hash = sha.digest(data);
            s.update(hash, 0, hash.length);
            return s.generateSignature();
        };
    }

    private static Provider provider(String name) {
        String p = name == null ? "jdk" : name.strip().toLowerCase(Locale.ROOT);
        switch (p) {
            case "", "jdk" -> {
                return null;
            }
            case "accp" -> {
                AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
                if (accp.getLoadingError() != null) {
                    throw new IllegalArgumentException("verdict.delivery.dkim.provider=accp: the Amazon Corretto Crypto "
                            + "Provider does not load on this platform (" + accp.getLoadingError().getMessage()
                            + "); use jdk");
                }
                return accp;
            }
            default -> throw new IllegalArgumentException("verdict.delivery.dkim.provider: '" + name + "' is not jdk or accp");
        }
    }
}
