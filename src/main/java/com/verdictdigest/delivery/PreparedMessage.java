package com.verdictdigest.delivery;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.util.SharedByteArrayInputStream;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A message whose bytes are already final. It is parsed once so headers can be read (tests, the
 * DKIM signer), but {@link #writeTo} writes the prepared bytes as they are: Jakarta Mail never
 * re-encodes the body, which is where its CPU goes on a bulk send.
 */
public final class PreparedMessage extends SMTPMessage {

    private final byte[] raw;
    private final String messageIdValue;
    private final String recipient;

    PreparedMessage(Session session, byte[] raw, String envelopeFrom, String recipient, String messageId)
            throws MessagingException {
        super(session, new SharedByteArrayInputStream(raw));
        this.raw = raw;
        this.messageIdValue = messageId;
        this.recipient = recipient;
        setEnvelopeFrom(envelopeFrom);
    }

    /** The Message-ID, with angle brackets. */
    public String messageIdValue() {
        return messageIdValue;
    }

    /** The envelope recipient (RCPT TO), the address in ASCII form. */
    public String recipient() {
        return recipient;
    }

    public byte[] raw() {
        return raw;
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
        // ignoreList is Bcc/Content-Length on SMTP: the builder never writes either.
        os.write(raw);
        os.flush();
    }

    @Override
    protected void updateMessageID() {
        // The Message-ID is stable per (issue, subscriber); never replace it.
    }
}
