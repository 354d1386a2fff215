package com.verdictdigest.system;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where things are and who is speaking, shared by every feature that writes a link or a footer
 * ({@code verdict.site.*}).
 *
 * @param name          the newsletter's name, in subjects, footers and List-Id
 * @param baseUrl       the comparison site; a comparison's page is {@code baseUrl/compare/SLUG}
 * @param publicUrl     where this web app is reachable from subscribers' mail clients (links in mail)
 * @param postalAddress the sender's postal address, printed in every footer (CAN-SPAM): set yours
 * @param timeZone      the zone the site's pages show dates and times in (catalog, subscriber admin)
 */
@ConfigurationProperties("verdict.site")
@Validated
public record SiteProperties(
        @DefaultValue("Verdict Digest") @NotBlank @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String name,
        @DefaultValue("https://verdicts.example.com") @Pattern(regexp = "https?://[^\\s/]+.*", message = "must be an http(s) URL") String baseUrl,
        @DefaultValue("http://localhost:8080") @Pattern(regexp = "https?://[^\\s/]+.*", message = "must be an http(s) URL") String publicUrl,
        @DefaultValue("Verdict Digest, 1 Example Street, 10115 Berlin, Germany") @NotBlank String postalAddress,
        @DefaultValue("UTC") java.time.ZoneId timeZone) {

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public SiteProperties {
        baseUrl = stripSlash(baseUrl);
        publicUrl = stripSlash(publicUrl);
        timeZone = timeZone == null ? java.time.ZoneOffset.UTC : timeZone;
    }

    /** The site in UTC. */
    public SiteProperties(String name, String baseUrl, String publicUrl, String postalAddress) {
        this(name, baseUrl, publicUrl, postalAddress, java.time.ZoneOffset.UTC);
    }

    public String comparisonUrl(String slug) {
        return baseUrl + "/compare/" + slug;
    }

    private static String stripSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
