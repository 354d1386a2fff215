package com.verdictdigest.mail;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.mail.Session;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A message whose bytes are already final. Its headers can be read like any message's (tests,
 * the DKIM signer), but {@link #writeTo} writes the prepared bytes as they are: Jakarta Mail
 * never re-encodes the body, which is where its CPU goes on a bulk send.
 */
public final class PreparedMessage extends SMTPMessage {

    private final byte[] raw;
    private final int bodyStart;
    private final String messageIdValue;
    private final String recipient;

    /**
     * @param headers   the header block, CRLF after each line (folded lines start with a blank)
     * @param raw       the whole message: the header block, an empty line, the encoded body
     * @param bodyStart where the body starts in raw
     */
    PreparedMessage(Session session, String headers, byte[] raw, int bodyStart, String envelopeFrom, String recipient,
                    String messageId) {
        super(session);
        // Filled in directly rather than parsed: parsing looks up a StreamProvider through the
        // ServiceLoader on every message, which cost more than building the message.
        for (int from = 0, end; from < headers.length(); from = end + 2) {
            end = headers.indexOf("\r\n", from);
            if (end < 0) {
                end = headers.length();
            }
            this.headers.addHeaderLine(headers.substring(from, Math.min(end + 2, headers.length())));
        }
        this.raw = raw;
        this.bodyStart = bodyStart;
        this.modified = false;
        this.saved = true;
        this.messageIdValue = messageId;
        this.recipient = recipient;
        setEnvelopeFrom(envelopeFrom);
    }

    @Override
    protected java.io.InputStream getContentStream() {
        return new java.io.ByteArrayInputStream(raw, bodyStart, raw.length - bodyStart);
    }

    @Override
    public java.io.InputStream getRawInputStream() {
        return getContentStream();
    }

    @Override
    public int getSize() {
        return raw.length - bodyStart;
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
