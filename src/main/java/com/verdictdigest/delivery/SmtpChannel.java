package com.verdictdigest.delivery;

import java.time.Duration;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * One reused SMTP connection, owned by one sender thread. It connects lazily, reconnects after
 * any failure (Angus may have closed the socket, and a later call would only say "Not
 * connected"), and pings with NOOP only after it sat idle long enough for the server to drop it.
 */
final class SmtpChannel implements AutoCloseable {

    /** Where and how to connect. */
    public record Server(String host, int port, String username, String password, Properties extra) {
    }

    private static final long IDLE_CHECK_NANOS = Duration.ofSeconds(20).toNanos();

    private final Server server;
    private final Session session;
    private SMTPTransport transport;
    private long lastUsed;

    SmtpChannel(Server server) {
        this.server = server;
        this.session = session(server);
    }

    static Session session(Server server) {
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
        if (!p.containsKey("mail.smtp.socketFactory") && !"true".equals(p.get("mail.smtp.ssl.enable"))) {
            // An object, not a class name: Angus takes the instance from the properties as is.
            p.put("mail.smtp.socketFactory", new NoDelaySocketFactory());
        }
        return Session.getInstance(p);
    }

    Session session() {
        return session;
    }

    /** Opens the connection if there is none. @throws MessagingException if the server cannot be reached */
    void connect() throws MessagingException {
        if (transport != null && System.nanoTime() - lastUsed > IDLE_CHECK_NANOS && !transport.isConnected()) {
            close();
        }
        if (transport == null) {
            SMTPTransport t = (SMTPTransport) session.getTransport("smtp");
            t.connect(server.host(), server.port(), server.username(), server.password());
            transport = t;
            lastUsed = System.nanoTime();
        }
    }

    /**
     * Sends to one recipient over the open connection.
     *
     * @return the server's reply to the end of DATA (the 250 line)
     */
    String send(MimeMessage message, String recipient) throws MessagingException {
        try {
            transport.sendMessage(message, new Address[] {new InternetAddress(recipient, false)});
            lastUsed = System.nanoTime();
            return transport.getLastServerResponse();
        } catch (MessagingException | RuntimeException e) {
            if (!(e instanceof jakarta.mail.SendFailedException sfe && isRecipientOnly(sfe))) {
                close();
            }
            throw e;
        }
    }

    /** A refused RCPT leaves the session usable (Angus sent RSET); everything else starts afresh. */
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
        }
    }
}
