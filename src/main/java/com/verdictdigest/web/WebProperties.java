package com.verdictdigest.web;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code verdict.web.*}: what the web app trusts and accepts from the network.
 *
 * @param trustedProxies proxies (CIDRs such as {@code 10.0.0.0/8}, {@code 127.0.0.1/32}) whose
 *                       X-Forwarded-For and X-Forwarded-Proto are believed; empty: none, the
 *                       socket's peer is the client
 * @param maxBody        the largest request body anyone may send (sign-up, unsubscribe, login,
 *                       the public JSON API); refused with 413 before it is read
 * @param maxStaffBody   the largest body of the catalog API and the editor's and admin's forms
 *                       (the CSV import has {@code spring.servlet.multipart.*})
 * @param login          login throttling
 */
@ConfigurationProperties("verdict.web")
@Validated
public record WebProperties(
        @DefaultValue List<@Pattern(regexp = "[0-9A-Fa-f:.]+/\\d{1,3}", message = "must be a CIDR such as 10.0.0.0/8") String> trustedProxies,
        @DefaultValue("16KB") DataSize maxBody,
        @DefaultValue("1MB") DataSize maxStaffBody,
        @DefaultValue @Valid Login login) {

    public WebProperties {
        trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * Failed logins per user name and per client address are token buckets: each failure takes
     * one, they refill one by one over {@code lock}; an empty bucket refuses every login (the
     * right password too) until a token is back.
     *
     * @param perUser    failures in a row a user name may have before it is locked
     * @param perAddress failures a client address (IPv6: its /64) may have before it is locked
     * @param lock       how long a full refill takes; a lock lasts {@code lock / perUser} at least
     */
    public record Login(@DefaultValue("5") @Min(1) int perUser, @DefaultValue("20") @Min(1) int perAddress,
                        @DefaultValue("15m") @DurationMin(seconds = 1) Duration lock) {
    }
}
