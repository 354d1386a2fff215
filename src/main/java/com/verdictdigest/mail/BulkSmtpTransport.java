package com.verdictdigest.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus's SMTP transport (connect, EHLO, STARTTLS, AUTH, replies) with one bulk path added for
 * a plain connection: the envelope is pipelined (RFC 2920: MAIL, RCPT and DATA in one write, so
 * two round trips a message instead of four), and the prepared bytes go to the socket as they
 * are. Given the next message's envelope, it goes in the same write as this message's end of
 * data, as Postfix's client does: one round trip a message. The next message's content is only
 * written by the next call, after the caller has recorded this one's 250. Angus's own DATA path runs every byte through two filter streams (line ends, dot
 * stuffing) that the message builder has already made unnecessary. Failures are reported with
 * the exceptions Angus throws for them, so {@link SmtpOutcome} reads both paths alike.
 */
final class BulkSmtpTransport extends SMTPTransport {

    private static final byte[] END_OF_DATA = ".\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The envelope written after the last end of data whose replies are still to be read; null if none. */
    private Envelope pending;

    /** Who a message goes from and to (the SMTP envelope). */
    record Envelope(String from, String recipient) {
    }

    BulkSmtpTransport(Session session, URLName url) {
        super(session, url);
    }

    /** Whether an envelope was written ahead (the server is then about to take a message's content). */
    synchronized boolean hasPending() {
        return pending != null;
    }

    synchronized boolean pendingIs(Envelope envelope) {
        return envelope.equals(pending);
    }

    /** Whether {@code next} may be written ahead on this connection. */
    boolean canPipeline() {
        return supportsExtension("PIPELINING");
    }

    /**
     * Sends one message whose bytes are wire-ready ({@link #isWireReady}) over {@code socketOut},
     * the connection's plain socket stream, and writes {@code next}'s envelope (when not null)
     * right after this message's end of data (when the server pipelines). The next call must be
     * for that envelope; its replies are read then. {@code meanwhile} (when not null) runs once the
     * message is written and before its reply is read: the caller's work overlaps the server's.
     *
     * @return the server's reply to the end of DATA
     */
    synchronized String send(OutputStream socketOut, String envelopeFrom, String recipient, byte[] raw, Envelope next,
            Runnable meanwhile) throws MessagingException {
        checkConnected();
        Envelope ahead = pending;
        pending = null;
        if (ahead != null && !ahead.equals(new Envelope(envelopeFrom, recipient))) {
            throw new IllegalStateException("the envelope written ahead was for another message");
        }
        String mail = "MAIL FROM:<" + envelopeFrom + ">";
        String rcpt = "RCPT TO:<" + recipient + ">";
        int mailCode;
        int rcptCode;
        String mailReply;
        String rcptReply;
        int dataCode;
        try {
            if (ahead != null || supportsExtension("PIPELINING")) {
                if (ahead == null) {
                    // Angus flushes its buffer after every command, so nothing of its own is pending here.
                    socketOut.write(envelope(envelopeFrom, recipient));
                    socketOut.flush();
                }
                mailCode = readServerResponse();
                mailReply = getLastServerResponse();
                rcptCode = readServerResponse();
                rcptReply = getLastServerResponse();
                dataCode = readServerResponse();
            } else {
                mailCode = simpleCommand(mail);
                mailReply = getLastServerResponse();
                rcptCode = mailCode == 250 ? simpleCommand(rcpt) : -1;
                rcptReply = getLastServerResponse();
                dataCode = rcptCode == 250 || rcptCode == 251 ? simpleCommand("DATA") : -1;
            }
            if (dataCode == 354 && (mailCode != 250 || (rcptCode != 250 && rcptCode != 251))) {
                // A server that accepts DATA without a valid envelope gets an empty message to refuse.
                socketOut.write(END_OF_DATA);
                socketOut.flush();
                readServerResponse();
                dataCode = -1;
            }
            if (mailCode != 250) {
                reset();
                throw new SMTPSendFailedException(mail, mailCode, mailReply, null, null, null, null);
            }
            if (rcptCode != 250 && rcptCode != 251) {
                reset();
                InternetAddress to = new InternetAddress(recipient, false);
                throw new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(to, rcpt, rcptCode, rcptReply),
                        new Address[0], new Address[0], new Address[] {to});
            }
            if (dataCode != 354) {
                String reply = getLastServerResponse();
                reset();
                throw new SMTPSendFailedException("DATA", dataCode, reply, null, null, null, null);
            }
            socketOut.write(raw);
            socketOut.write(END_OF_DATA);
            if (next != null && canPipeline()) {
                socketOut.write(envelope(next.from(), next.recipient()));
                pending = next;
            }
            socketOut.flush();
        } catch (IOException e) {
            throw new MessagingException("I/O error writing to the SMTP server: " + e.getMessage(), e);
        }
        if (meanwhile != null) {
            meanwhile.run();
        }
        int code = readServerResponse();
        String reply = getLastServerResponse();
        if (code != 250) {
            throw new SMTPSendFailedException(".", code, reply, null, null, null, null);
        }
        return reply;
    }

    private static byte[] envelope(String from, String recipient) {
        return ("MAIL FROM:<" + from + ">\r\nRCPT TO:<" + recipient + ">\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** RSET after a refused envelope, as Angus does, so the next message starts clean. */
    private void reset() throws MessagingException {
        int code = simpleCommand("RSET");
        if (code != 250) {
            throw new MessagingException("RSET refused: " + getLastServerResponse());
        }
    }

    /**
     * Whether bytes can go into DATA as they are: CRLF line ends only, no line starting with a
     * dot (nothing to stuff), and a CRLF at the end.
     */
    static boolean isWireReady(byte[] raw) {
        int n = raw.length;
        if (n < 2 || raw[n - 2] != '\r' || raw[n - 1] != '\n' || raw[0] == '.') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            byte b = raw[i];
            if (b == '\r') {
                if (i + 1 >= n || raw[i + 1] != '\n') {
                    return false;
                }
            } else if (b == '\n') {
                if (i == 0 || raw[i - 1] != '\r' || (i + 1 < n && raw[i + 1] == '.')) {
                    return false;
                }
            }
        }
        return true;
    }

    /** CRLF line ends, leading dots doubled, a CRLF at the end: what Angus's DATA filters do. */
    static byte[] toWire(byte[] raw) {
        ByteBuf out = new ByteBuf(raw.length + raw.length / 50 + 8);
        boolean lineStart = true;
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < raw.length && raw[i + 1] == '\n') {
                    i++;
                }
                out.ascii("\r\n");
                lineStart = true;
                continue;
            }
            if (lineStart && b == '.') {
                out.ascii(".");
            }
            out.reserve(1);
            out.bytes[out.size++] = b;
            lineStart = false;
        }
        if (!lineStart) {
            out.ascii("\r\n");
        }
        return out.toByteArray();
    }
}
