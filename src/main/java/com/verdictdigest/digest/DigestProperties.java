package com.verdictdigest.digest;

import java.time.Instant;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The digest's settings ({@code verdict.digest.*}).
 *
 * @param requireApproval whether a new issue waits for an editor (true) or is approved by itself
 *                        when its lint shows no errors (false)
 * @param timeZone        the zone windows and dates in the issue are read in
 * @param start           where the first window starts (exclusive); empty: 7 days before the first cut-off
 */
@ConfigurationProperties("verdict.digest")
public record DigestProperties(@DefaultValue("true") boolean requireApproval, @DefaultValue("UTC") ZoneId timeZone,
                               Instant start) {

    public boolean approvalRequired() {
        return requireApproval;
    }
}
