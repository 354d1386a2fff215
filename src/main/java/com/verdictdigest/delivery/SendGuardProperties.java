package com.verdictdigest.delivery;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code verdict.delivery.guard.*}: when a running send pauses by itself because what comes back
 * says sending on would damage the domain's reputation (Gmail's limit is a 0.3% spam rate).
 *
 * @param enabled         pause sends at all
 * @param complaintRate   complaints per copy delivered above which the send pauses (0.003 = 0.3%)
 * @param hardBounceRate  hard bounces per copy delivered above which the send pauses (0.05 = 5%)
 * @param minDelivered    copies delivered before either rate counts (a few early reports prove nothing)
 */
@ConfigurationProperties("verdict.delivery.guard")
@Validated
public record SendGuardProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0.003") @DecimalMin("0") @DecimalMax("1") double complaintRate,
        @DefaultValue("0.05") @DecimalMin("0") @DecimalMax("1") double hardBounceRate,
        @DefaultValue("1000") @Min(1) long minDelivered) {
}
