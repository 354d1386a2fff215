package com.verdictdigest.bounces;

import java.time.Duration;
import java.time.Instant;

import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Actuator's {@code bounceMailbox}: can the bounce mailbox be logged in to? Checked at most every
 * minute; "unknown" while polling is off. In the {@code mail} health group, not in readiness.
 */
@Component("bounceMailbox")
class BounceMailboxHealthIndicator extends AbstractHealthIndicator {

    private static final Duration KEEP = Duration.ofMinutes(1);

    private final BounceProperties properties;
    private volatile Instant checkedAt = Instant.EPOCH;
    private volatile String error = "not checked yet";

    BounceMailboxHealthIndicator(BounceProperties properties) {
        super("bounce mailbox check failed");
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!properties.enabled()) {
            builder.unknown().withDetail("polling", "off (verdict.delivery.bounces.enabled)");
            return;
        }
        if (Instant.now().isAfter(checkedAt.plus(KEEP))) {
            try (Store store = BounceMailbox.connect(properties)) {
                error = null;
            } catch (MessagingException | RuntimeException e) {
                error = e.getMessage();
            }
            checkedAt = Instant.now();
        }
        builder.withDetail("mailbox", properties.protocol() + "://" + properties.host()).withDetail("checkedAt", checkedAt.toString());
        if (error == null) {
            builder.up();
        } else {
            builder.down().withDetail("error", error);
        }
    }
}
