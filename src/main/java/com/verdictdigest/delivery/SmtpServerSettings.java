package com.verdictdigest.delivery;

import java.util.Properties;

import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.stereotype.Component;

/** The SMTP server the engine sends through: {@code spring.mail.host/port/username/password/properties}. */
@Component
public class SmtpServerSettings {

    private final SmtpChannel.Server server;

    public SmtpServerSettings(MailProperties mail) {
        Properties extra = new Properties();
        extra.putAll(mail.getProperties());
        this.server = new SmtpChannel.Server(mail.getHost() == null ? "localhost" : mail.getHost(),
                mail.getPort() == null ? 25 : mail.getPort(), mail.getUsername(), mail.getPassword(), extra);
    }

    SmtpServerSettings(SmtpChannel.Server server) {
        this.server = server;
    }

    SmtpChannel.Server server() {
        return server;
    }
}
