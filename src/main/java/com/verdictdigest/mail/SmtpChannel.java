package com.verdictdigest.mail;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * One reused SMTP connection, owned by one sender thread. It connects lazily, reconnects after
 * any failure (Angus may have closed the socket, and a later call would only say "Not
 * connected"), and pings with NOOP only after it sat idle long enough for the server to drop it.
 * On a plain connection messages take the {@link BulkSmtpTransport} path; over TLS (or with a
 * socket factory of the user's) they go through Angus's own.
 */
public final class SmtpChannel implements AutoCloseable {

    /** Where and how to connect. */
    public record Server(String host, int port, String username, String password, Properties extra) {
    }

    private static final long IDLE_CHECK_NANOS = Duration.ofSeconds(20).toNanos();

    private final Server server;
    private final NoDelaySocketFactory sockets;
    private final Session session;
    private BulkSmtpTransport transport;
    private OutputStream socketOut;
    private long lastUsed;

    public SmtpChannel(Server server) {
        this.server = server;
        Properties extra = server.extra() == null ? new Properties() : server.extra();
        this.sockets = extra.containsKey("mail.smtp.socketFactory") || "true".equals(extra.get("mail.smtp.ssl.enable"))
                ? null : new NoDelaySocketFactory();
        this.session = session(server, sockets);
    }

    private static Session session(Server server, NoDelaySocketFactory sockets) {
        Properties p = new Properties();
        if (server.extra() != null) {
            p.putAll(server.extra());
        }
        p.put("mail.smtp.host", server.host());
        p.put("mail.smtp.port", String.valueOf(server.port()));
        p.put("mail.smtp.connectiontimeout", p.getOrDefault("mail.smtp.connectiontimeout", "10000"));
        p.put("mail.smtp.timeout", p.getOrDefault("mail.smtp.timeout", "60000"));
        p.put("mail.smtp.quitwait", "false");
        p.put("mail.smtp.auth", String.valueOf(server.username() != null && !server.username().isBlank()));
        if (sockets != null) {
            // An object, not a class name: Angus takes the instance from the properties as is.
            p.put("mail.smtp.socketFactory", sockets);
        }
        return Session.getInstance(p);
    }

    public Session session() {
        return session;
    }

    /** Opens the connection if there is none. @throws MessagingException if the server cannot be reached */
    public void connect() throws MessagingException {
        if (transport != null && System.nanoTime() - lastUsed > IDLE_CHECK_NANOS
                && (transport.hasPending() || !transport.isConnected())) {
            close(); // a NOOP would be taken for content after an envelope written ahead
        }
        if (transport == null) {
            BulkSmtpTransport t = new BulkSmtpTransport(session,
                    new URLName("smtp", server.host(), server.port(), null, server.username(), server.password()));
            t.connect(server.host(), server.port(), server.username(), server.password());
            transport = t;
            socketOut = null;
            Socket socket = sockets == null ? null : sockets.lastSocket();
            if (socket != null && !t.isSSL()) {
                try {
                    socketOut = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
                } catch (IOException e) {
                    close();
                    throw new MessagingException("cannot write to the SMTP connection: " + e.getMessage(), e);
                }
            }
            lastUsed = System.nanoTime();
        }
    }

    /**
     * Sends to one recipient over the open connection.
     *
     * @return the server's reply to the end of DATA (the 250 line)
     */
    public String send(MimeMessage message, String envelopeFrom, String recipient) throws MessagingException {
        return send(message, envelopeFrom, recipient, null, null, null);
    }

    /**
     * Sends to one recipient, and when {@code nextFrom}/{@code nextRecipient} are given and the
     * server pipelines, writes that next message's envelope behind this one's end of data, so the
     * next call saves a round trip. The next call must send that message, or
     * {@link #abandonWrittenAhead} must be called. {@code meanwhile} (when not null) runs once the
     * message is on its way and before the server's reply is read, so that the caller's next work
     * overlaps the server's; it does not run if the message could not be written, and on Angus's
     * path it runs after the reply. It must not throw.
     *
     * @return the server's reply to the end of DATA (the 250 line)
     */
    public String send(MimeMessage message, String envelopeFrom, String recipient, String nextFrom, String nextRecipient,
            Runnable meanwhile) throws MessagingException {
        if (transport != null && transport.hasPending()) {
            // Written ahead for another message (the caller changed its mind): only a new connection is clean.
            BulkSmtpTransport.Envelope ahead = new BulkSmtpTransport.Envelope(envelopeFrom, recipient);
            if (!transport.pendingIs(ahead)) {
                close();
                connect();
            }
        }
        try {
            String reply;
            byte[] raw = socketOut == null ? null : wireBytes(message);
            if (raw != null) {
                BulkSmtpTransport.Envelope next = nextFrom == null || nextRecipient == null ? null
                        : new BulkSmtpTransport.Envelope(nextFrom, nextRecipient);
                reply = transport.send(socketOut, envelopeFrom, recipient, raw, next, meanwhile);
            } else {
                transport.sendMessage(message, new Address[] {new InternetAddress(recipient, false)});
                reply = transport.getLastServerResponse();
                if (meanwhile != null) {
                    meanwhile.run();
                }
            }
            lastUsed = System.nanoTime();
            return reply;
        } catch (MessagingException | RuntimeException e) {
            if (!(e instanceof jakarta.mail.SendFailedException sfe && isRecipientOnly(sfe))) {
                close();
            }
            throw e;
        }
    }

    /**
     * Drops an envelope written ahead that will not be followed by its message (the sender stops,
     * or its claim ends): the server is waiting for content, so the connection is closed; the
     * server discards the transaction.
     */
    public void abandonWrittenAhead() {
        if (transport != null && transport.hasPending()) {
            close();
        }
    }

    /** The message as bytes ready for DATA. */
    private static byte[] wireBytes(MimeMessage message) throws MessagingException {
        if (message instanceof PreparedMessage p) {
            return p.raw(); // wire-ready by construction
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            message.writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("cannot write the message: " + e.getMessage(), e);
        }
        byte[] raw = out.toByteArray();
        return BulkSmtpTransport.isWireReady(raw) ? raw : BulkSmtpTransport.toWire(raw);
    }

    /** A refused RCPT leaves the session usable (RSET was sent); everything else starts afresh. */
    private static boolean isRecipientOnly(jakarta.mail.SendFailedException e) {
        return !(e instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException)
                && e.getNextException() instanceof org.eclipse.angus.mail.smtp.SMTPAddressFailedException a
                && a.getReturnCode() != 421;
    }

    @Override
    public void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException | RuntimeException ignored) {
                // the connection is being given up anyway
            }
            transport = null;
            socketOut = null;
        }
    }
}
