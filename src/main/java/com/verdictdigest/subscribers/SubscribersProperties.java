package com.verdictdigest.subscribers;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.validation.annotation.Validated;

/**
 * {@code verdict.subscribers.*}: the sign-up and opt-in rules.
 *
 * @param confirmTtl                 how long a confirmation link works
 * @param pendingTtl                 unconfirmed sign-ups are purged after this
 * @param maxConfirmationMailsPerDay sign-up mails to one address per 24 hours
 * @param perIp                      sign-up requests per client IP
 * @param perAddress                 sign-up requests per address
 * @param consentText                the sentence shown next to the sign-up button and kept as evidence
 * @param consentVersion             its version; change it whenever the text changes
 * @param maxPauseWeeks              the longest pause a subscriber can choose
 * @param embedOrigins               web origins whose pages may POST to the JSON sign-up endpoint from the
 *                                   browser (CORS); empty: only {@code verdict.site.base-url}
 * @param outbox                     how recorded sign-up requests are worked ({@link SignupOutbox})
 * @param defaultTimeZone            the zone of readers whose own is not known (see {@link ReaderTimeZones})
 */
@ConfigurationProperties("verdict.subscribers")
@Validated
public record SubscribersProperties(
        @DefaultValue("48h") @DurationMin(seconds = 1) Duration confirmTtl,
        @DefaultValue("7d") @DurationMin(seconds = 1) Duration pendingTtl,
        @DefaultValue("3") @Min(1) int maxConfirmationMailsPerDay,
        @DefaultValue("20/1h") @Valid RateLimit perIp,
        @DefaultValue("5/1h") @Valid RateLimit perAddress,
        @DefaultValue("Yes, email me the weekly Verdict Digest. I can unsubscribe at any time with one click.")
        @NotBlank String consentText,
        @DefaultValue("2026-11") @NotBlank String consentVersion,
        @DefaultValue("26") @Min(1) int maxPauseWeeks,
        @DefaultValue List<@Pattern(regexp = "https?://[^/\\s]+", message = "must be an origin such as https://example.com") String> embedOrigins,
        @DefaultValue @Valid Outbox outbox,
        @DefaultValue("UTC") @NotNull ZoneId defaultTimeZone) {

    public SubscribersProperties {
        consentText = consentText == null ? null : consentText.strip();
        consentVersion = consentVersion == null ? null : consentVersion.strip();
        embedOrigins = List.copyOf(embedOrigins);
    }

    /**
     * The sign-up outbox: the mails of sign-up requests leave from here, retried like the digest's.
     *
     * @param pollInterval how often requests are looked for besides the ones this instance records (retries, other instances)
     * @param maxAttempts  attempts before a request whose mail cannot be sent is given up
     * @param retryBackoff the first retry's wait, doubled each time
     * @param maxBackoff   the longest wait between retries
     */
    public record Outbox(@DefaultValue("5s") @DurationMin(millis = 100) Duration pollInterval,
                         @DefaultValue("5") @Min(1) int maxAttempts,
                         @DefaultValue("1m") @DurationMin(millis = 1) Duration retryBackoff,
                         @DefaultValue("1h") @DurationMin(millis = 1) Duration maxBackoff) {
    }

    /**
     * A token bucket: {@code requests} within {@code per}, refilled smoothly. Written as
     * {@code requests} and {@code per}, or as one value {@code REQUESTS/PERIOD} such as {@code 20/1h}.
     */
    public record RateLimit(@Min(1) int requests, @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) Duration per) {

        /** {@code 20/1h}: the form of the defaults above, and of a one-line setting. */
        public static RateLimit valueOf(String text) {
            int slash = text.indexOf('/');
            if (slash < 1) {
                throw new IllegalArgumentException("a rate limit is REQUESTS/PERIOD, such as 20/1h, not '" + text + "'");
            }
            return new RateLimit(Integer.parseInt(text.substring(0, slash).strip()),
                    DurationStyle.detectAndParse(text.substring(slash + 1).strip()));
        }
    }
}
