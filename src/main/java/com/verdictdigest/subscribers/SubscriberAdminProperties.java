package com.verdictdigest.subscribers;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of list management ({@code verdict.subscribers.admin.*}). Opt-in links, their daily
 * limit and the purge of stale sign-ups follow {@link SubscribersProperties}, as for sign-ups.
 *
 * @param importBatchSize CSV rows per transaction (and per JDBC batch) when importing
 * @param pageSize        rows per page of the admin list
 * @param exportDir       where the admin's "save CSV on the server" writes (git-ignored)
 */
@ConfigurationProperties("verdict.subscribers.admin")
public record SubscriberAdminProperties(Integer importBatchSize, Integer pageSize, Path exportDir) {

    public SubscriberAdminProperties {
        importBatchSize = importBatchSize == null || importBatchSize < 1 ? 1000 : importBatchSize;
        pageSize = pageSize == null || pageSize < 1 ? 50 : pageSize;
        exportDir = exportDir == null ? Path.of("subscribers", "exports") : exportDir;
    }

    public static SubscriberAdminProperties defaults() {
        return new SubscriberAdminProperties(null, null, null);
    }
}
