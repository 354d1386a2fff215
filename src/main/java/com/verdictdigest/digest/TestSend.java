package com.verdictdigest.digest;

import java.io.UnsupportedEncodingException;
import java.util.Set;

import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SiteProperties;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends one copy of an issue to an editor's address before approval: multipart/alternative,
 * text first then HTML (clients show the last part they can), UTF-8, subject marked [TEST]. The
 * links are the preview's, so a test copy can never unsubscribe anybody.
 */
@Component
public class TestSend {

    private final JavaMailSender mail;
    private final DigestRenderer renderer;
    private final SenderProperties sender;
    private final SiteProperties site;

    public TestSend(JavaMailSender mail, DigestRenderer renderer, SenderProperties sender, SiteProperties site) {
        this.mail = mail;
        this.renderer = renderer;
        this.sender = sender;
        this.site = site;
    }

    /** @throws IllegalArgumentException when {@code to} is not one plain address */
    public void send(RenderedIssue issue, String to) {
        InternetAddress address = parse(to);
        Recipient r = new Recipient(address.getAddress(), "", site.publicUrl() + "/unsubscribe/test-send",
                site.publicUrl() + "/preferences/test-send", Set.of(), false);
        PersonalMessage m = renderer.personalise(issue, r);
        try {
            MimeMessage msg = mail.createMimeMessage();
            msg.setFrom(new InternetAddress(sender.fromAddress(), sender.fromName(), "UTF-8"));
            msg.setReplyTo(new InternetAddress[] {new InternetAddress(sender.replyTo())});
            msg.setRecipient(MimeMessage.RecipientType.TO, address);
            msg.setSubject("[TEST] " + m.subject(), "UTF-8");
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(m.text(), "UTF-8", "plain");
            alternative.addBodyPart(text);
            MimeBodyPart html = new MimeBodyPart();
            html.setText(m.html(), "UTF-8", "html");
            alternative.addBodyPart(html);
            msg.setContent(alternative);
            msg.saveChanges();
            mail.send(msg);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalStateException("Could not build the test message: " + e.getMessage(), e);
        }
    }

    /** One bare address (no display name, no list, no line breaks): an editor's typing, checked strictly. */
    static InternetAddress parse(String to) {
        String t = to == null ? "" : to.strip();
        if (t.isEmpty() || t.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))
                || t.indexOf('@') <= 0 || t.indexOf(',') >= 0 || t.indexOf('<') >= 0) {
            throw new IllegalArgumentException("to: \"" + to + "\" is not an email address like editor@example.com");
        }
        try {
            InternetAddress a = new InternetAddress(t, true);
            a.validate();
            if (!a.getAddress().substring(a.getAddress().indexOf('@') + 1).contains(".")) {
                throw new AddressException("domain without a dot");
            }
            return a;
        } catch (AddressException e) {
            throw new IllegalArgumentException("to: \"" + to + "\" is not an email address like editor@example.com");
        }
    }
}
