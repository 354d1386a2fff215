package com.verdictdigest.system;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The envelope and header identity of every mail the product sends ({@code verdict.sender.*}).
 *
 * @param fromAddress From: address, on {@code domain} (DMARC alignment); empty: {@code digest@DOMAIN}
 * @param fromName    From: display name
 * @param replyTo     Reply-To: address (where replies to the digest go); empty: {@code editors@DOMAIN}
 * @param domain      the sending domain: Message-IDs, List-Id, VERP bounce addresses and DKIM d=
 */
@ConfigurationProperties("verdict.sender")
@Validated
public record SenderProperties(
        @DefaultValue("") @Email String fromAddress,
        @DefaultValue("Verdict Digest") @NotBlank @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String fromName,
        @DefaultValue("") @Email String replyTo,
        @DefaultValue("verdicts.example.com") @Pattern(regexp = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+",
                message = "must be a domain name such as example.com") String domain) {

    public SenderProperties {
        // The addresses follow the domain unless set, so that setting the domain alone is enough.
        fromAddress = fromAddress == null || fromAddress.isBlank() ? "digest@" + domain : fromAddress.strip();
        replyTo = replyTo == null || replyTo.isBlank() ? "editors@" + domain : replyTo.strip();
    }
}
