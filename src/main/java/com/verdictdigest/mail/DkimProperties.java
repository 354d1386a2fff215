package com.verdictdigest.mail;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code verdict.delivery.dkim.*}: DKIM signing with an RSA key ({@code dkim keygen} makes one),
 * for every mail that leaves: the digests, the editors' test copies and the sign-up mails.
 *
 * @param enabled  sign every message
 * @param selector the DNS selector: the public key is at {@code SELECTOR._domainkey.DOMAIN}
 * @param keyFile  the private key, PEM (PKCS#8 or PKCS#1) or DER (PKCS#8)
 * @param domain   the signing domain d=; {@code verdict.sender.domain} if empty
 */
@ConfigurationProperties("verdict.delivery.dkim")
public record DkimProperties(@DefaultValue("false") boolean enabled, @DefaultValue("verdict") String selector,
                             Path keyFile, String domain) {

    /** Signing off. */
    public static final DkimProperties OFF = new DkimProperties(false, "verdict", null, null);
}
