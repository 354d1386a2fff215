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

    private final String headerBlock;
    private final byte[] raw;
    private final int bodyStart;
    private final String messageIdValue;
    private final String recipient;
    /** SHA-256 of the DKIM relaxed body, when the builder hashed it while assembling the message. */
    private byte[] bodyHash;

    /**
     * @param headers   the header block, CRLF after each line (folded lines start with a blank)
     * @param raw       the whole message: the header block, an empty line, the encoded body
     * @param bodyStart where the body starts in raw
     */
    PreparedMessage(Session session, String headers, byte[] raw, int bodyStart, String envelopeFrom, String recipient,
                    String messageId, byte[] bodyHash) {
        super(session);
        this.headerBlock = headers;
        this.bodyHash = bodyHash;
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

    /** The header fields as they are in {@link #raw}, CRLF after each line. */
    String headerBlock() {
        return headerBlock;
    }

    /** The DKIM body hash (SHA-256, relaxed), computed now if the builder did not. */
    byte[] bodyHash() {
        if (bodyHash == null) {
            bodyHash = RelaxedBody.hash(raw, bodyStart, raw.length - bodyStart);
        }
        return bodyHash;
    }

    /** The same message with header fields added at the top (DKIM-Signature): one copy of the bytes. */
    PreparedMessage withHeadersInFront(String fields) {
        byte[] front = fields.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] signed = new byte[front.length + raw.length];
        System.arraycopy(front, 0, signed, 0, front.length);
        System.arraycopy(raw, 0, signed, front.length, raw.length);
        return new PreparedMessage(session, fields + headerBlock, signed, bodyStart + front.length, getEnvelopeFrom(),
                recipient, messageIdValue, bodyHash);
    }

    /**
     * Any message as prepared bytes (written out once, line ends made CRLF), so that it can be
     * signed as the builder's are. The envelope sender carries over; the recipient is left to
     * the message's headers.
     */
    static PreparedMessage of(jakarta.mail.internet.MimeMessage message) throws jakarta.mail.MessagingException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(8192);
        try {
            message.writeTo(out);
        } catch (IOException e) {
            throw new jakarta.mail.MessagingException("cannot write the message: " + e.getMessage(), e);
        }
        byte[] raw = crlf(out.toByteArray());
        String all = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
        int end = all.startsWith("\r\n") ? 0 : all.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new jakarta.mail.MessagingException("a message without a body");
        }
        String headers = all.substring(0, end == 0 ? 0 : end + 2);
        String envelopeFrom = message instanceof SMTPMessage m ? m.getEnvelopeFrom() : null;
        return new PreparedMessage(message.getSession(), headers, raw, headers.length() + 2, envelopeFrom, null,
                message.getMessageID(), null);
    }

    /** Bare CR and LF become CRLF, as they would on the wire. */
    private static byte[] crlf(byte[] in) {
        ByteBuf out = new ByteBuf(in.length + 256);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
                out.ascii("\r\n");
            } else {
                out.reserve(1);
                out.bytes[out.size++] = b;
            }
        }
        return out.toByteArray();
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
