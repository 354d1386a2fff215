package com.verdictdigest.subscribers;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of list management ({@code verdict.subscribers.admin.*}).
 *
 * @param importBatchSize        CSV rows per transaction (and per JDBC batch) when importing
 * @param pageSize               rows per page of the admin list
 * @param confirmationTtl        how long an opt-in link stays valid
 * @param maxConfirmationsPerDay opt-in mails per address per 24 hours, at most
 * @param pendingRetention       {@code subscribers purge-pending} deletes pending sign-ups older than this
 * @param exportDir              where the admin's "save CSV on the server" writes (git-ignored)
 */
@ConfigurationProperties("verdict.subscribers.admin")
public record SubscriberAdminProperties(Integer importBatchSize, Integer pageSize, Duration confirmationTtl,
                                        Integer maxConfirmationsPerDay, Duration pendingRetention, Path exportDir) {

    public SubscriberAdminProperties {
        importBatchSize = importBatchSize == null || importBatchSize < 1 ? 1000 : importBatchSize;
        pageSize = pageSize == null || pageSize < 1 ? 50 : pageSize;
        confirmationTtl = confirmationTtl == null ? Duration.ofHours(48) : confirmationTtl;
        maxConfirmationsPerDay = maxConfirmationsPerDay == null ? 3 : maxConfirmationsPerDay;
        pendingRetention = pendingRetention == null ? Duration.ofDays(7) : pendingRetention;
        exportDir = exportDir == null ? Path.of("subscribers", "exports") : exportDir;
    }

    public static SubscriberAdminProperties defaults() {
        return new SubscriberAdminProperties(null, null, null, null, null, null);
    }
}
