package com.verdictdigest.delivery;

import java.time.Duration;
import java.time.LocalTime;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
 * @param localTime          how an issue goes out unless its editor chooses: empty for everyone at once,
 *                           or {@code HH:MM} for that time in each reader's zone (see {@link LocalDelivery})
 */
@ConfigurationProperties("verdict.delivery")
@Validated
public record DeliveryProperties(
        @DefaultValue("4") @Min(1) int connections,
        @DefaultValue("0") @PositiveOrZero double maxPerSecond,
        @DefaultValue("100") @Min(1) int batchSize,
        @DefaultValue("5m") @DurationMin(seconds = 1) Duration lease,
        @DefaultValue("5") @Min(1) int maxAttempts,
        @DefaultValue("1m") @DurationMin(millis = 1) Duration retryBackoff,
        @DefaultValue("1h") @DurationMin(millis = 1) Duration maxBackoff,
        @DefaultValue("5") @Min(1) int deadServerFailures,
        @DefaultValue("5s") @DurationMin(millis = 100) Duration pollInterval,
        @DefaultValue("true") boolean worker,
        @DefaultValue("") @Pattern(regexp = "|([01][0-9]|2[0-3]):[0-5][0-9]", message = "must be empty or HH:MM, such as 08:00")
        String localTime) {

    /** {@link #localTime} as a time; null when sends go to everyone at once. */
    public LocalTime defaultLocalTime() {
        return localTime == null || localTime.isBlank() ? null : LocalDelivery.parse(localTime);
    }
}
