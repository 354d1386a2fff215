package com.verdictdigest.mail;

import java.security.interfaces.RSAPrivateKey;
import java.util.List;

import com.verdictdigest.system.SenderProperties;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;
import org.springframework.stereotype.Component;

/**
 * DKIM rsa-sha256, relaxed/relaxed, with utils-mail-dkim. The signed header list covers what
 * mailbox providers check for bulk mail, including the List-* and Feedback-ID headers. A signer
 * is not thread-safe, so each sender thread takes its own from {@link #newSigner()}.
 */
@Component
public class DkimSigning {

    /** Signed beyond the library's defaults (From, To, Subject, Date, Message-ID, List-Id, List-Unsubscribe...). */
    static final List<String> EXTRA_SIGNED = List.of("List-Unsubscribe-Post", "Feedback-ID");

    static {
        // The signer copies each message, and every parse looks up Jakarta Mail's StreamProvider;
        // naming it skips a ServiceLoader scan of the class path per message.
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final boolean enabled;
    private final String selector;
    private final String domain;
    private final RSAPrivateKey key;

    public DkimSigning(DkimProperties dkim, SenderProperties sender) {
        this.enabled = dkim.enabled();
        this.selector = dkim.selector();
        this.domain = dkim.domain() == null || dkim.domain().isBlank() ? sender.domain() : dkim.domain();
        if (enabled && (dkim.keyFile() == null || dkim.keyFile().toString().isBlank())) {
            throw new IllegalArgumentException("verdict.delivery.dkim.key-file is required when DKIM is enabled "
                    + "(make one with: dkim keygen --selector " + selector + " --out DIR)");
        }
        this.key = enabled ? DkimKeys.readPrivateKey(dkim.keyFile()) : null;
    }

    public boolean enabled() {
        return enabled;
    }

    /** @return a signer for one thread, or null when DKIM is off */
    public Signer newSigner() {
        if (!enabled) {
            return null;
        }
        try {
            DkimSigner s = new DkimSigner(domain, selector, key);
            s.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
            s.setHeaderCanonicalization(Canonicalization.RELAXED);
            s.setBodyCanonicalization(Canonicalization.RELAXED);
            s.setCheckDomainKey(false);
            s.setLengthParam(false);
            s.setCopyHeaderFields(false);
            EXTRA_SIGNED.forEach(s::addHeaderToSign);
            return new Signer(s);
        } catch (Exception e) {
            throw new IllegalStateException("DKIM signer: " + e.getMessage(), e);
        }
    }

    /** One thread's signer. */
    public static final class Signer {
        private final DkimSigner signer;

        Signer(DkimSigner signer) {
            this.signer = signer;
        }

        /** The message to hand to the transport; the signature is computed as it is written. */
        public MimeMessage sign(MimeMessage message) throws MessagingException {
            DkimMessage signed = new DkimMessage(message, signer);
            if (message instanceof SMTPMessage m && m.getEnvelopeFrom() != null) {
                signed.setEnvelopeFrom(m.getEnvelopeFrom());
            }
            return signed;
        }
    }
}
