package com.verdictdigest.delivery;

import java.util.UUID;

import com.verdictdigest.digest.PersonalMessage;
import com.verdictdigest.digest.TestCopyNotSentException;
import com.verdictdigest.digest.TestCopySender;
import com.verdictdigest.system.SenderProperties;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.stereotype.Component;

/**
 * Sends an editor's test copy as the engine sends an issue: the message builder (List-Id,
 * one-click List-Unsubscribe, Feedback-ID, VERP), the DKIM signer and an SMTP connection of its
 * own. Only the Message-ID differs: a fresh one per test, so a mailbox keeps every test copy.
 */
@Component
public class TestCopyMailer implements TestCopySender {

    /** The preview's token: its unsubscribe links and VERP address match no subscriber. */
    static final String TOKEN = "test-send";

    private final MessageBuilder builder;
    private final DkimSigning dkim;
    private final SmtpServerSettings server;
    private final SenderProperties sender;

    public TestCopyMailer(MessageBuilder builder, DkimSigning dkim, SmtpServerSettings server, SenderProperties sender) {
        this.builder = builder;
        this.dkim = dkim;
        this.server = server;
        this.sender = sender;
    }

    @Override
    public void send(int issueNumber, PersonalMessage copy, String subject, String to) {
        RecipientRow row = new RecipientRow(0, issueNumber, 0, to, null, TOKEN, null, false, true, 0);
        PersonalMail mail = new PersonalMail(subject, copy.htmlParts(), copy.textParts());
        String messageId = "<test-" + issueNumber + "-" + UUID.randomUUID() + "@" + sender.domain() + ">";
        try (SmtpChannel channel = new SmtpChannel(server.server())) {
            PreparedMessage prepared = builder.build(channel.session(), issueNumber, row, mail, messageId);
            DkimSigning.Signer signer = dkim.newSigner();
            MimeMessage message = signer == null ? prepared : signer.sign(prepared);
            channel.connect();
            channel.send(message, prepared.getEnvelopeFrom(), prepared.recipient());
        } catch (MessagingException | IllegalStateException e) {
            throw new TestCopyNotSentException("The test copy was not sent: " + SmtpOutcome.describe(e), e);
        }
    }
}
