package com.verdictdigest.mail;

import java.nio.file.Path;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code verdict.delivery.dkim.*}: DKIM signing with an RSA key ({@code dkim keygen} makes one),
 * for every mail that leaves: the digests, the editors' test copies and the sign-up mails; and
 * optionally a second signature with an Ed25519 key (RFC 8463).
 *
 * @param enabled         sign every message
 * @param selector        the DNS selector: the public key is at {@code SELECTOR._domainkey.DOMAIN}
 * @param keyFile         the RSA private key, PEM (PKCS#8 or PKCS#1) or DER (PKCS#8); required when enabled
 * @param domain          the signing domain d=; empty: {@code verdict.sender.domain}
 * @param provider        who computes the signatures: {@code jdk} (the JDK's RSA, Bouncy Castle's
 *                        Ed25519) or {@code accp} (Amazon Corretto Crypto Provider, native, Linux x86_64)
 * @param ed25519Selector the selector of the Ed25519 key (not the RSA one's); empty: no Ed25519 signature
 * @param ed25519KeyFile  an Ed25519 private key (PKCS#8 PEM): each message then carries an
 *                        ed25519-sha256 signature besides the rsa-sha256 one
 */
@ConfigurationProperties("verdict.delivery.dkim")
@Validated
public record DkimProperties(@DefaultValue("false") boolean enabled, @DefaultValue("verdict") @NotBlank String selector,
                             Path keyFile, @DefaultValue("") String domain,
                             @DefaultValue("jdk") @Pattern(regexp = "jdk|accp", message = "jdk or accp") String provider,
                             @DefaultValue("") String ed25519Selector, Path ed25519KeyFile) {

    @ConstructorBinding
    public DkimProperties {
    }

    /** RSA only, by the JDK. */
    public DkimProperties(boolean enabled, String selector, Path keyFile, String domain) {
        this(enabled, selector, keyFile, domain, "jdk", "", null);
    }
}
