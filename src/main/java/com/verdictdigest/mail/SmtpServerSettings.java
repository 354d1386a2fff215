package com.verdictdigest.mail;

import java.util.Properties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The SMTP server the engine sends through: {@code spring.mail.host/port/username/password/properties}. */
public final class SmtpServerSettings {

    private final SmtpChannel.Server server;

    public SmtpServerSettings(SmtpChannel.Server server) {
        this.server = server;
    }

    public SmtpChannel.Server server() {
        return server;
    }

    @Configuration(proxyBeanMethods = false)
    static class FromSpringMail {

        @Bean
        SmtpServerSettings smtpServerSettings(Environment env) {
            MailProperties mail = Binder.get(env).bind("spring.mail", MailProperties.class).orElseGet(MailProperties::new);
            Properties extra = new Properties();
            extra.putAll(mail.getProperties());
            return new SmtpServerSettings(new SmtpChannel.Server(mail.getHost() == null ? "localhost" : mail.getHost(),
                    mail.getPort() == null ? 25 : mail.getPort(), mail.getUsername(), mail.getPassword(), extra));
        }
    }
}
