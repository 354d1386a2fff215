package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Instant;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.system.SqlTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The do-not-mail list. Entries are SHA-256 hashes of address keys, so they survive erasure of
 * the subscriber. Every feature that stops mail to an address (bounces, complaints, admins)
 * comes through here, so the subscriber's status and history move with it.
 */
@Service
public class Suppressions {

    /** Why an address is suppressed, and the subscriber status that follows. */
    public enum Reason {
        HARD_BOUNCE("hard-bounce", SubscriberStatus.BOUNCED),
        SOFT_BOUNCES("soft-bounces", SubscriberStatus.BOUNCED),
        COMPLAINT("complaint", SubscriberStatus.COMPLAINED),
        ADMIN("admin", SubscriberStatus.SUPPRESSED),
        ERASED("erased", SubscriberStatus.SUPPRESSED);

        private final String dbValue;
        private final SubscriberStatus status;

        Reason(String dbValue, SubscriberStatus status) {
            this.dbValue = dbValue;
            this.status = status;
        }

        public String dbValue() {
            return dbValue;
        }

        public SubscriberStatus status() {
            return status;
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public Suppressions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public boolean isSuppressed(EmailAddress email) {
        return jdbc.sql("select count(*) from suppression where email_hash = :hash")
                .param("hash", email.hash()).query(Long.class).single() > 0;
    }

    /**
     * Suppresses the address (a no-op if it already is) and moves its subscriber, if any, to the
     * status the reason implies, with an event in its history.
     *
     * @return true if the address was not suppressed before
     */
    @Transactional
    public boolean suppress(EmailAddress email, Reason reason, String detail) {
        Instant now = SqlTime.now(clock);
        boolean added = false;
        if (!isSuppressed(email)) {
            jdbc.sql("""
                    insert into suppression (email_hash, reason, created_at, detail)
                    values (:hash, :reason, :now, :detail)""")
                    .param("hash", email.hash())
                    .param("reason", reason.dbValue())
                    .param("now", SqlTime.ts(now))
                    .param("detail", truncate(detail, 500))
                    .update();
            added = true;
        }
        int changed = jdbc.sql("""
                update subscriber set status = :status, updated_at = :now
                 where email_key = :key and status <> :status""")
                .param("status", reason.status().dbValue())
                .param("now", SqlTime.ts(now))
                .param("key", email.key())
                .update();
        if (changed > 0) {
            jdbc.sql("""
                    insert into subscriber_event (subscriber_id, at, kind, status_after, detail)
                    select id, :now, :kind, :status, :detail from subscriber where email_key = :key""")
                    .param("now", SqlTime.ts(now))
                    .param("kind", "suppress:" + reason.dbValue())
                    .param("status", reason.status().dbValue())
                    .param("detail", truncate(detail, 2000))
                    .param("key", email.key())
                    .update();
        }
        return added;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
