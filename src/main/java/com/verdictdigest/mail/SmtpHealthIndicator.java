package com.verdictdigest.mail;

import java.time.Duration;
import java.time.Instant;

import jakarta.mail.MessagingException;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Actuator's {@code smtp}: can the relay be connected to (and logged in to, when a user is
 * configured)? Checked at most every 30 seconds, so a probe does not open a connection per call.
 * In the {@code mail} health group, not in readiness: without SMTP the web app still answers
 * (sign-ups wait in the outbox, a send pauses with its reason).
 */
@Component("smtp")
public class SmtpHealthIndicator extends AbstractHealthIndicator {

    private static final Duration KEEP = Duration.ofSeconds(30);

    private final SmtpChannel.Server server;
    private volatile Instant checkedAt = Instant.EPOCH;
    private volatile String error = "not checked yet";

    public SmtpHealthIndicator(SmtpServerSettings settings) {
        super("SMTP check failed");
        this.server = settings.server();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (Instant.now().isAfter(checkedAt.plus(KEEP))) {
            try (SmtpChannel channel = new SmtpChannel(server)) {
                channel.connect();
                error = null;
            } catch (MessagingException | RuntimeException e) {
                error = SmtpOutcome.describe(e);
            }
            checkedAt = Instant.now();
        }
        builder.withDetail("server", server.host() + ":" + server.port()).withDetail("checkedAt", checkedAt.toString());
        if (error == null) {
            builder.up();
        } else {
            builder.down().withDetail("error", error);
        }
    }
}
