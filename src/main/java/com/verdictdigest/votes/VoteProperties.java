package com.verdictdigest.votes;

import java.time.Duration;

import com.verdictdigest.subscribers.SubscribersProperties.RateLimit;
import jakarta.validation.Valid;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code verdict.votes.*}: the readers' vote links.
 *
 * @param linkTtl  how long a vote link in a digest works, from the moment its copy was made
 * @param perToken vote POSTs per link (token buckets, per instance): enough to change one's mind
 * @param perIp    vote POSTs per client IP: readers behind one office gateway share it
 */
@ConfigurationProperties("verdict.votes")
@Validated
public record VoteProperties(
        @DefaultValue("30d") @DurationMin(minutes = 1) Duration linkTtl,
        @DefaultValue("10/1h") @Valid RateLimit perToken,
        @DefaultValue("300/1m") @Valid RateLimit perIp) {
}
