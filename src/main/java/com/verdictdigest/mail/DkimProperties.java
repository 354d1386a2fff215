package com.verdictdigest.mail;

import java.nio.file.Path;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code verdict.delivery.dkim.*}: DKIM signing with an RSA key ({@code dkim keygen} makes one),
 * for every mail that leaves: the digests, the editors' test copies and the sign-up mails.
 *
 * @param enabled  sign every message
 * @param selector the DNS selector: the public key is at {@code SELECTOR._domainkey.DOMAIN}
 * @param keyFile  the private key, PEM (PKCS#8 or PKCS#1) or DER (PKCS#8); required when enabled
 * @param domain   the signing domain d=; empty: {@code verdict.sender.domain}
 */
@ConfigurationProperties("verdict.delivery.dkim")
@Validated
public record DkimProperties(@DefaultValue("false") boolean enabled, @DefaultValue("verdict") @NotBlank String selector,
                             Path keyFile, @DefaultValue("") String domain) {
}
