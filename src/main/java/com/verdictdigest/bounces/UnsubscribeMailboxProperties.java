package com.verdictdigest.bounces;

import java.util.Locale;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * A mailbox of its own for mail to the List-Unsubscribe address {@code unsubscribe+TOKEN@domain}
 * ({@code verdict.delivery.unsubscribe-mailbox.*}), when that mail does not land in the bounce
 * mailbox. Polled like the bounce mailbox (its interval, limits and time limits are
 * {@code verdict.delivery.bounces.*}'s), and by the same processing: whatever arrives is read.
 * With neither mailbox enabled, list mail does not offer the mailto.
 */
@ConfigurationProperties("verdict.delivery.unsubscribe-mailbox")
@Validated
public record UnsubscribeMailboxProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("imaps") @Pattern(regexp = "imaps?|pop3s?", message = "must be imap, imaps, pop3 or pop3s") String protocol,
        @DefaultValue("localhost") @NotBlank String host,
        @Min(1) @Max(65535) Integer port,
        @DefaultValue("") String user,
        @DefaultValue("") String password,
        @DefaultValue("INBOX") @NotBlank String folder,
        @DefaultValue("") String processedFolder) implements MailboxSettings {

    public UnsubscribeMailboxProperties {
        protocol = protocol == null ? null : protocol.strip().toLowerCase(Locale.ROOT);
        host = host == null ? null : host.strip();
        processedFolder = processedFolder == null || processedFolder.isBlank() ? null : processedFolder;
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "UnsubscribeMailboxProperties[enabled=" + enabled + ", " + location() + "]";
    }
}
