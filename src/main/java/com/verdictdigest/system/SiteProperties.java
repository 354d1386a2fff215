package com.verdictdigest.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where things are and who is speaking, shared by every feature that writes a link or a footer.
 *
 * @param name          the newsletter's name ("Verdict Digest"), in subjects, footers and List-Id
 * @param baseUrl       the comparison site; a comparison's page is {@code baseUrl/compare/SLUG}
 * @param publicUrl     where this web app is reachable from subscribers' mail clients (links in mail)
 * @param postalAddress the sender's postal address, printed in every footer (CAN-SPAM)
 */
@ConfigurationProperties("verdict.site")
public record SiteProperties(String name, String baseUrl, String publicUrl, String postalAddress) {

    public SiteProperties {
        name = name == null || name.isBlank() ? "Verdict Digest" : name;
        baseUrl = stripSlash(baseUrl == null ? "https://verdicts.example.com" : baseUrl);
        publicUrl = stripSlash(publicUrl == null ? "http://localhost:8080" : publicUrl);
        postalAddress = postalAddress == null ? "" : postalAddress;
    }

    public String comparisonUrl(String slug) {
        return baseUrl + "/compare/" + slug;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
