package com.verdictdigest.digest;

import java.time.Instant;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The digest's settings ({@code verdict.digest.*}).
 *
 * @param requireApproval whether a new issue waits for an editor (true) or is approved by itself
 *                        when its lint shows no errors (false); default true
 * @param timeZone        the zone windows and dates in the issue are read in; default UTC
 * @param start           where the first window starts (exclusive); default: 7 days before the first cut-off
 */
@ConfigurationProperties("verdict.digest")
public record DigestProperties(Boolean requireApproval, ZoneId timeZone, Instant start) {

    public DigestProperties {
        requireApproval = requireApproval == null ? Boolean.TRUE : requireApproval;
        timeZone = timeZone == null ? ZoneId.of("UTC") : timeZone;
    }

    public static DigestProperties defaults() {
        return new DigestProperties(null, null, null);
    }

    public boolean approvalRequired() {
        return requireApproval;
    }
}
