package com.verdictdigest.bounces;

import java.time.Instant;
import java.util.Optional;

import com.verdictdigest.system.SqlTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of bounce processing: one named method per statement. */
@Repository
public class BounceRepository {

    /** The subscriber a bounce is about. */
    public record Recipient(long id, String email, String emailKey, String status) {
    }

    private static final String RECIPIENT_COLUMNS = "select id, email, email_key, status from subscriber";

    private final JdbcClient jdbc;

    public BounceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Recipient> findByToken(String token) {
        return jdbc.sql(RECIPIENT_COLUMNS + " where token = :token")
                .param("token", token).query(Recipient.class).optional();
    }

    public Optional<Recipient> findByEmailKey(String emailKey) {
        return jdbc.sql(RECIPIENT_COLUMNS + " where email_key = :key")
                .param("key", emailKey).query(Recipient.class).optional();
    }

    /**
     * Counts a soft bounce: one more if the previous came after {@code windowStart}, else the
     * count starts again at 1.
     *
     * @return the new count
     */
    public int incrementSoftBounces(long subscriberId, Instant now, Instant windowStart) {
        jdbc.sql("""
                update subscriber
                   set soft_bounces = case when soft_bounce_at >= :windowStart then soft_bounces + 1 else 1 end,
                       soft_bounce_at = :now, updated_at = :now
                 where id = :id""")
                .param("windowStart", SqlTime.ts(windowStart)).param("now", SqlTime.ts(now)).param("id", subscriberId)
                .update();
        return jdbc.sql("select soft_bounces from subscriber where id = :id")
                .param("id", subscriberId).query(Integer.class).single();
    }

    public void insertEvent(long subscriberId, Instant at, String kind, String statusAfter, String detail) {
        jdbc.sql("""
                insert into subscriber_event (subscriber_id, at, kind, status_after, form, detail)
                values (:id, :at, :kind, :status, :form, :detail)""")
                .param("id", subscriberId)
                .param("at", SqlTime.ts(at))
                .param("kind", kind)
                .param("status", statusAfter)
                .param("form", "bounce-processor")
                .param("detail", truncate(detail, 2000))
                .update();
    }

    /**
     * @return false if the message was processed before (nothing written)
     * @throws org.springframework.dao.DuplicateKeyException when another transaction got there first
     */
    public boolean insertProcessed(String messageHash, Instant at, String summary) {
        return jdbc.sql("""
                insert into processed_bounce (message_hash, processed_at, summary)
                select :hash, :at, :summary from (values (1)) as one (x)
                 where not exists (select 1 from processed_bounce where message_hash = :hash)""")
                .param("hash", messageHash).param("at", SqlTime.ts(at)).param("summary", truncate(summary, 200))
                .update() > 0;
    }

    public int deleteProcessedBefore(Instant cutoff) {
        return jdbc.sql("delete from processed_bounce where processed_at < :cutoff")
                .param("cutoff", SqlTime.ts(cutoff)).update();
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
