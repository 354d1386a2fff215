package com.verdictdigest.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The envelope and header identity of every mail the product sends.
 *
 * @param fromAddress From: address, on {@code domain} (DMARC alignment)
 * @param fromName    From: display name
 * @param replyTo     Reply-To: address (where replies to the digest go)
 * @param domain      the sending domain: Message-IDs, List-Id, VERP bounce addresses and DKIM d=
 */
@ConfigurationProperties("verdict.sender")
public record SenderProperties(String fromAddress, String fromName, String replyTo, String domain) {

    public SenderProperties {
        domain = domain == null || domain.isBlank() ? "verdicts.example.com" : domain;
        fromAddress = fromAddress == null || fromAddress.isBlank() ? "digest@" + domain : fromAddress;
        fromName = fromName == null || fromName.isBlank() ? "Verdict Digest" : fromName;
        replyTo = replyTo == null || replyTo.isBlank() ? fromAddress : replyTo;
    }
}
