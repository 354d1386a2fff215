package com.verdictdigest.subscribers;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code verdict.subscribers.*}: the sign-up and opt-in rules.
 *
 * @param confirmTtl                 how long a confirmation link works (48h)
 * @param pendingTtl                 unconfirmed sign-ups are purged after this (7d)
 * @param maxConfirmationMailsPerDay sign-up mails to one address per 24 hours (3)
 * @param perIp                      sign-up requests per client IP (20 per 1h)
 * @param perAddress                 sign-up requests per address (5 per 1h)
 * @param consentText                the sentence shown next to the sign-up button and kept as evidence
 * @param consentVersion             its version; change it whenever the text changes
 * @param maxPauseWeeks              the longest pause a subscriber can choose (26)
 * @param embedOrigins               web origins whose pages may POST to the JSON sign-up endpoint from the
 *                                   browser (CORS); empty: only {@code verdict.site.base-url}
 */
@ConfigurationProperties("verdict.subscribers")
public record SubscribersProperties(Duration confirmTtl, Duration pendingTtl, Integer maxConfirmationMailsPerDay,
                                    RateLimit perIp, RateLimit perAddress, String consentText, String consentVersion,
                                    Integer maxPauseWeeks, List<String> embedOrigins) {

    public static final String DEFAULT_CONSENT_TEXT = "Yes, email me the weekly Verdict Digest. "
            + "I can unsubscribe at any time with one click.";

    public SubscribersProperties {
        confirmTtl = positive(confirmTtl, Duration.ofHours(48), "confirm-ttl");
        pendingTtl = positive(pendingTtl, Duration.ofDays(7), "pending-ttl");
        maxConfirmationMailsPerDay = maxConfirmationMailsPerDay == null ? 3 : maxConfirmationMailsPerDay;
        perIp = perIp == null ? new RateLimit(20, Duration.ofHours(1)) : perIp;
        perAddress = perAddress == null ? new RateLimit(5, Duration.ofHours(1)) : perAddress;
        consentText = consentText == null || consentText.isBlank() ? DEFAULT_CONSENT_TEXT : consentText.strip();
        consentVersion = consentVersion == null || consentVersion.isBlank() ? "2026-11" : consentVersion.strip();
        maxPauseWeeks = maxPauseWeeks == null ? 26 : maxPauseWeeks;
        embedOrigins = embedOrigins == null ? List.of() : List.copyOf(embedOrigins);
        if (maxConfirmationMailsPerDay < 1) {
            throw new IllegalArgumentException("verdict.subscribers.max-confirmation-mails-per-day must be at least 1");
        }
        if (maxPauseWeeks < 1) {
            throw new IllegalArgumentException("verdict.subscribers.max-pause-weeks must be at least 1");
        }
    }

    /** @param requests how many requests are allowed within {@code per}, refilled smoothly */
    public record RateLimit(Integer requests, Duration per) {

        public RateLimit {
            requests = requests == null ? 10 : requests;
            per = positive(per, Duration.ofHours(1), "rate limit period");
            if (requests < 1) {
                throw new IllegalArgumentException("verdict.subscribers rate limit requests must be at least 1");
            }
        }
    }

    private static Duration positive(Duration d, Duration dflt, String name) {
        if (d == null) {
            return dflt;
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("verdict.subscribers." + name + " must be positive, not " + d);
        }
        return d;
    }
}
