package com.verdictdigest.schedule;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code verdict.schedule.*}: when the weekly issue is built and sent.
 *
 * @param enabled      register the weekly job (serve/demo only; CLI commands never start Quartz)
 * @param cron         Quartz cron expression (seconds first), default Mondays 08:00
 * @param timeZone     the zone the cron expression is read in
 * @param misfireGrace if the app was down at fire time, a fire this late still runs at start-up;
 *                     a later one is recorded as skipped
 */
@ConfigurationProperties("verdict.schedule")
public record ScheduleProperties(@DefaultValue("true") boolean enabled,
                                 @DefaultValue("0 0 8 ? * MON") String cron,
                                 @DefaultValue("UTC") ZoneId timeZone,
                                 @DefaultValue("PT6H") Duration misfireGrace) {
}
