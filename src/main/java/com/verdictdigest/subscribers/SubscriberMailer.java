package com.verdictdigest.subscribers;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.mail.MailHeaders;
import com.verdictdigest.mail.MailSigning;
import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SiteProperties;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * The mails of the sign-up flow (confirm your subscription; you are already subscribed), each as
 * text + HTML alternatives rendered from {@code templates/email/}. They are transactional, sent
 * at once, and never carry List-Unsubscribe: there is no subscription to leave yet. They are
 * DKIM-signed like the digests ({@link MailSigning}).
 */
@Component
class SubscriberMailer {

    private final JavaMailSender mailSender;
    private final Configuration freemarker;
    private final SiteProperties site;
    private final SenderProperties sender;
    private final SubscriberLinks links;
    private final MailSigning signing;

    SubscriberMailer(JavaMailSender mailSender, Configuration freemarker, SiteProperties site, SenderProperties sender,
                     SubscriberLinks links, MailSigning signing) {
        this.mailSender = mailSender;
        this.freemarker = freemarker;
        this.site = site;
        this.sender = sender;
        this.links = links;
        this.signing = signing;
    }

    void sendConfirmation(EmailAddress to, String name, String confirmationToken, Duration ttl) {
        mailSender.send(confirmation(to, name, confirmationToken, ttl));
    }

    /** The confirmation mail, built and checked but not sent (for {@link #sendAll}). */
    MimeMessage confirmation(EmailAddress to, String name, String confirmationToken, Duration ttl) {
        Map<String, Object> model = model(name);
        model.put("confirmUrl", links.confirmUrl(confirmationToken));
        model.put("ttlHours", ttl.toHours());
        return build(to, "Confirm your subscription to " + site.name(), "confirm", model);
    }

    /** Sends the messages over one SMTP connection. */
    void sendAll(List<MimeMessage> messages) {
        if (!messages.isEmpty()) {
            mailSender.send(messages.toArray(MimeMessage[]::new));
        }
    }

    void sendAlreadySubscribed(EmailAddress to, Subscriber subscriber) {
        Map<String, Object> model = model(subscriber.name());
        model.put("preferencesUrl", links.preferencesUrl(subscriber.token()));
        model.put("unsubscribeUrl", links.unsubscribeUrl(subscriber.token()));
        mailSender.send(build(to, "You are already subscribed to " + site.name(), "already-subscribed", model));
    }

    private Map<String, Object> model(String name) {
        Map<String, Object> model = new HashMap<>();
        model.put("siteName", site.name());
        model.put("name", name == null ? "" : name);
        model.put("postalAddress", site.postalAddress());
        model.put("subscribeUrl", links.subscribeUrl());
        return model;
    }

    private MimeMessage build(EmailAddress to, String subject, String template, Map<String, Object> model) {
        try {
            MimeMessage message = new SenderDomainMessage(sender.domain());
            MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setFrom(new InternetAddress(MailHeaders.singleLine("from address", sender.fromAddress()),
                    MailHeaders.singleLine("from name", sender.fromName()), "UTF-8"));
            helper.setReplyTo(MailHeaders.singleLine("reply-to", sender.replyTo()));
            helper.setTo(MailHeaders.singleLine("recipient", to.smtpAddress()));
            helper.setSubject(MailHeaders.singleLine("subject", subject));
            // multipart/alternative: text first, HTML last (the preferred one), nothing else.
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(render("email/" + template + ".txt.ftl", model), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(render("email/" + template + ".html.ftlh", model), "UTF-8", "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            message.setHeader("Auto-Submitted", "auto-generated");
            message.saveChanges();
            return signing.sign(message);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new MailPreparationException("could not build the " + template + " mail", e);
        }
    }

    private String render(String name, Map<String, Object> model) {
        try {
            StringWriter out = new StringWriter();
            freemarker.getTemplate(name).process(model, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new MailPreparationException("mail template " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** Message-IDs on the sending domain rather than this host's name (it may be "localhost"). */
    private static final class SenderDomainMessage extends MimeMessage {

        private final String domain;

        SenderDomainMessage(String domain) {
            super((Session) null);
            this.domain = MailHeaders.singleLine("sender domain", domain);
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + UUID.randomUUID() + "@" + domain + ">");
        }
    }
}
