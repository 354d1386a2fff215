package com.verdictdigest.subscribers;

import java.nio.file.Path;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of list management ({@code verdict.subscribers.admin.*}). Opt-in links, their daily
 * limit and the purge of stale sign-ups follow {@link SubscribersProperties}, as for sign-ups.
 *
 * @param importBatchSize CSV rows per transaction (and per JDBC batch) when importing
 * @param pageSize        rows per page of the admin list
 * @param exportDir       where the admin's "save CSV on the server" writes: relative to the data directory, private (0700)
 */
@ConfigurationProperties("verdict.subscribers.admin")
@Validated
public record SubscriberAdminProperties(@DefaultValue("1000") @Min(1) int importBatchSize,
                                        @DefaultValue("50") @Min(1) int pageSize,
                                        @DefaultValue("subscribers/exports") Path exportDir) {
}
