package com.verdictdigest.mail;

import java.util.ArrayList;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.stereotype.Component;

/**
 * Sends transactional mails down the same path as the digests: {@link MessageBuilder} (header
 * checks, quoted-printable), the DKIM signer and an {@link SmtpChannel}, one connection per call.
 * Failures are Spring's {@code MailException}s, which the web and CLI already answer.
 */
@Component
public class TransactionalMailer {

    private final MessageBuilder builder;
    private final DkimSigning dkim;
    private final SmtpServerSettings server;

    public TransactionalMailer(MessageBuilder builder, DkimSigning dkim, SmtpServerSettings server) {
        this.builder = builder;
        this.dkim = dkim;
        this.server = server;
    }

    /**
     * Builds and checks every message before the first is sent, then sends them all over one
     * connection.
     *
     * @throws InvalidHeaderException  (an IllegalArgumentException) if a value cannot go into a header: nothing is sent
     * @throws MailSendException       if the server could not be reached or refused a message
     * @throws MailPreparationException if a message could not be signed
     */
    public void sendAll(List<TransactionalMail> mails) {
        if (mails.isEmpty()) {
            return;
        }
        try (SmtpChannel channel = new SmtpChannel(server.server())) {
            List<PreparedMessage> prepared = new ArrayList<>();
            for (TransactionalMail mail : mails) {
                prepared.add(builder.buildTransactional(channel.session(), mail));
            }
            DkimSigning.Signer signer = dkim.newSigner();
            channel.connect();
            for (PreparedMessage p : prepared) {
                MimeMessage message = signer == null ? p : sign(signer, p);
                channel.send(message, p.getEnvelopeFrom(), p.recipient());
            }
        } catch (MessagingException | IllegalStateException e) {
            throw new MailSendException("the mail was not sent: " + SmtpOutcome.describe(e), e);
        }
    }

    public void send(TransactionalMail mail) {
        sendAll(List.of(mail));
    }

    private static MimeMessage sign(DkimSigning.Signer signer, PreparedMessage message) {
        try {
            return signer.sign(message);
        } catch (MessagingException e) {
            throw new MailPreparationException("DKIM signing failed: " + e.getMessage(), e);
        }
    }
}
