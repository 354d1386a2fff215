package com.verdictdigest.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code verdict.delivery.*}: how the send engine works through the ledger (the SMTP server is
 * {@code spring.mail.*}, DKIM is {@code verdict.delivery.dkim.*}, see {@code mail.DkimProperties}).
 *
 * @param connections        SMTP connections (and sender threads) per instance
 * @param maxPerSecond       messages per second per instance; 0 means no limit
 * @param batchSize          ledger rows a sender claims at a time
 * @param lease              how long a claim holds; after it, another sender may retry the row
 * @param maxAttempts        attempts per recipient on 4xx replies and dropped connections
 * @param retryBackoff       wait before the first retry; doubled on each further one
 * @param maxBackoff         the longest wait between retries
 * @param deadServerFailures consecutive failed connection attempts that pause the send
 * @param pollInterval       how often a running instance looks for sends to work on
 * @param worker             whether {@code serve} works on running sends in the background
 */
@ConfigurationProperties("verdict.delivery")
public record DeliveryProperties(
        @DefaultValue("4") int connections,
        @DefaultValue("0") double maxPerSecond,
        @DefaultValue("50") int batchSize,
        @DefaultValue("PT5M") Duration lease,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("PT1M") Duration retryBackoff,
        @DefaultValue("PT1H") Duration maxBackoff,
        @DefaultValue("5") int deadServerFailures,
        @DefaultValue("PT5S") Duration pollInterval,
        @DefaultValue("true") boolean worker) {

    public DeliveryProperties {
        if (connections < 1 || batchSize < 1 || maxAttempts < 1 || deadServerFailures < 1) {
            throw new IllegalArgumentException("verdict.delivery: connections, batch-size, max-attempts and "
                    + "dead-server-failures must be at least 1");
        }
    }

    public static DeliveryProperties defaults() {
        return new DeliveryProperties(4, 0, 50, Duration.ofMinutes(5), 5, Duration.ofMinutes(1), Duration.ofHours(1),
                5, Duration.ofSeconds(5), true);
    }
}
