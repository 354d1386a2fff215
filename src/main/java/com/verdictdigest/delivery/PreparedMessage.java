package com.verdictdigest.delivery;

import java.io.IOException;
import java.io.OutputStream;

import java.nio.charset.StandardCharsets;

import jakarta.mail.Session;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A message whose bytes are already final. Its headers can be read like any message's (tests,
 * the DKIM signer), but {@link #writeTo} writes the prepared bytes as they are: Jakarta Mail
 * never re-encodes the body, which is where its CPU goes on a bulk send.
 */
public final class PreparedMessage extends SMTPMessage {

    private final byte[] raw;
    private final String messageIdValue;
    private final String recipient;

    /**
     * @param headers the header block, CRLF after each line (folded lines start with a blank)
     * @param body    the encoded body
     */
    PreparedMessage(Session session, String headers, byte[] body, String envelopeFrom, String recipient, String messageId) {
        super(session);
        // Filled in directly rather than parsed: parsing looks up a StreamProvider through the
        // ServiceLoader on every message, which cost more than building the message.
        for (String line : headers.split("\r\n")) {
            this.headers.addHeaderLine(line + "\r\n");
        }
        this.content = body;
        this.modified = false;
        this.saved = true;
        byte[] head = headers.getBytes(StandardCharsets.US_ASCII);
        this.raw = new byte[head.length + 2 + body.length];
        System.arraycopy(head, 0, raw, 0, head.length);
        raw[head.length] = '\r';
        raw[head.length + 1] = '\n';
        System.arraycopy(body, 0, raw, head.length + 2, body.length);
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
