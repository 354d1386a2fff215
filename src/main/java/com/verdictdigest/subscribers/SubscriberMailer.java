package com.verdictdigest.subscribers;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.mail.TransactionalMail;
import com.verdictdigest.mail.TransactionalMailer;
import com.verdictdigest.system.SiteProperties;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import org.springframework.mail.MailPreparationException;
import org.springframework.stereotype.Component;

/**
 * The mails of the sign-up flow (confirm your subscription; you are already subscribed), each as
 * text + HTML alternatives rendered from {@code templates/email/}. They are transactional, sent
 * at once, and never carry List-Unsubscribe: there is no subscription to leave yet. They leave
 * through the mail module like the digests: the same header checks, encoder, DKIM key and SMTP
 * channel ({@link TransactionalMailer}).
 */
@Component
class SubscriberMailer {

    private final TransactionalMailer mailer;
    private final Configuration freemarker;
    private final SiteProperties site;
    private final SubscriberLinks links;

    SubscriberMailer(TransactionalMailer mailer, Configuration freemarker, SiteProperties site, SubscriberLinks links) {
        this.mailer = mailer;
        this.freemarker = freemarker;
        this.site = site;
        this.links = links;
    }

    void sendConfirmation(EmailAddress to, String name, String confirmationToken, Duration ttl) {
        mailer.send(confirmation(to, name, confirmationToken, ttl));
    }

    /** The confirmation mail, rendered but not sent (for {@link #sendAll}). */
    TransactionalMail confirmation(EmailAddress to, String name, String confirmationToken, Duration ttl) {
        Map<String, Object> model = model(name);
        model.put("confirmUrl", links.confirmUrl(confirmationToken));
        model.put("ttlHours", ttl.toHours());
        return mail(to, "Confirm your subscription to " + site.name(), "confirm", model);
    }

    /** Sends the mails over one SMTP connection; a header that fails its check stops them all before any is sent. */
    void sendAll(List<TransactionalMail> mails) {
        mailer.sendAll(mails);
    }

    void sendAlreadySubscribed(EmailAddress to, Subscriber subscriber) {
        Map<String, Object> model = model(subscriber.name());
        model.put("preferencesUrl", links.preferencesUrl(subscriber.token()));
        model.put("unsubscribeUrl", links.unsubscribeUrl(subscriber.token()));
        mailer.send(mail(to, "You are already subscribed to " + site.name(), "already-subscribed", model));
    }

    private Map<String, Object> model(String name) {
        Map<String, Object> model = new HashMap<>();
        model.put("siteName", site.name());
        model.put("name", name == null ? "" : name);
        model.put("postalAddress", site.postalAddress());
        model.put("subscribeUrl", links.subscribeUrl());
        return model;
    }

    private TransactionalMail mail(EmailAddress to, String subject, String template, Map<String, Object> model) {
        return new TransactionalMail(to, subject, render("email/" + template + ".html.ftlh", model),
                render("email/" + template + ".txt.ftl", model));
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
}
