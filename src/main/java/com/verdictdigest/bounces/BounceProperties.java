package com.verdictdigest.bounces;

import java.time.Duration;
import java.util.Locale;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The bounce mailbox ({@code verdict.delivery.bounces.*}): where bounces to the VERP Return-Path
 * land, and how it is polled. Polling runs only when {@code enabled} and not in CLI mode;
 * {@code bounces import} uses the same processing on files.
 *
 * @param enabled         poll the mailbox
 * @param protocol        imap, imaps, pop3 or pop3s
 * @param host            mail server host
 * @param port            port; empty: the protocol's default
 * @param user            mailbox login
 * @param password        mailbox password
 * @param folder          IMAP folder to read (POP3 has only INBOX)
 * @param processedFolder IMAP folder processed messages are moved to; empty: they are deleted
 * @param quarantineFolder IMAP folder a message that cannot be parsed (or not within
 *                        {@code parseTimeout}) is moved to, created if missing; POP3 deletes it.
 *                        Either way its hash is recorded and it is never read again.
 * @param pollInterval    delay between the end of one poll and the start of the next
 * @param initialDelay    delay before the first poll after start-up
 * @param maxPerPoll      at most this many messages per poll
 * @param softBounceLimit  soft bounces in a row that suppress an address
 * @param softBounceWindow a soft bounce more than this after the previous one starts the count
 *                         again (10 days: a weekly issue bouncing every week is "in a row",
 *                         one that got through in between is not)
 * @param timeout         connect and read timeout of the mail server
 * @param parseTimeout    how long one message may take to parse (on a thread of its own) before
 *                        the poller gives up on it and sets it aside
 */
@ConfigurationProperties("verdict.delivery.bounces")
@Validated
public record BounceProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("imaps") @Pattern(regexp = "imaps?|pop3s?", message = "must be imap, imaps, pop3 or pop3s") String protocol,
        @DefaultValue("localhost") @NotBlank String host,
        @Min(1) @Max(65535) Integer port,
        @DefaultValue("") String user,
        @DefaultValue("") String password,
        @DefaultValue("INBOX") @NotBlank String folder,
        @DefaultValue("") String processedFolder,
        @DefaultValue("Quarantine") @NotBlank String quarantineFolder,
        @DefaultValue("5m") @DurationMin(millis = 100) Duration pollInterval,
        @DefaultValue("30s") @DurationMin(millis = 0) Duration initialDelay,
        @DefaultValue("500") @Min(1) int maxPerPoll,
        @DefaultValue("3") @Min(1) int softBounceLimit,
        @DefaultValue("10d") @DurationMin(seconds = 1) Duration softBounceWindow,
        @DefaultValue("30s") @DurationMin(seconds = 1) Duration timeout,
        @DefaultValue("10s") @DurationMin(millis = 100) Duration parseTimeout) implements MailboxSettings {

    public BounceProperties {
        protocol = protocol == null ? null : protocol.strip().toLowerCase(Locale.ROOT);
        host = host == null ? null : host.strip();
        processedFolder = processedFolder == null || processedFolder.isBlank() ? null : processedFolder;
    }

    /** Moving quarantined messages back into the folder read would read them again on every poll. */
    @AssertTrue(message = "quarantine-folder must differ from the folder read")
    public boolean isQuarantineFolderApart() {
        return quarantineFolder == null || !quarantineFolder.equalsIgnoreCase(folder);
    }

    /** Without the password: records print every component, and this one may end up in a log. */
    @Override
    public String toString() {
        return "BounceProperties[enabled=" + enabled + ", " + location() + ", pollInterval=" + pollInterval + "]";
    }
}
