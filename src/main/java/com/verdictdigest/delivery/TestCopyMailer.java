package com.verdictdigest.delivery;

import java.util.UUID;

import com.verdictdigest.mail.DkimSigning;
import com.verdictdigest.mail.ListRecipient;
import com.verdictdigest.mail.MessageBuilder;
import com.verdictdigest.mail.PersonalMail;
import com.verdictdigest.mail.PreparedMessage;
import com.verdictdigest.mail.SmtpChannel;
import com.verdictdigest.mail.SmtpOutcome;
import com.verdictdigest.mail.SmtpServerSettings;
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
public class TestCopyMailer {

    /** The preview's token: its unsubscribe links and VERP address match no subscriber. */
    static final String TOKEN = com.verdictdigest.subscribers.SubscriberLinks.TEST_COPY_TOKEN;

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

    /**
     * @param mail the copy, personalised with the preview's links (they unsubscribe nobody), its
     *             subject marked as a test
     * @param to   one bare address, already checked
     * @throws TestCopyNotSentException if the SMTP server did not take the message
     */
    public void send(int issueNumber, PersonalMail mail, String to) {
        ListRecipient row = new ListRecipient(0, to, null, TOKEN, false);
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
