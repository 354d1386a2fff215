package com.verdictdigest.delivery;

import java.time.Instant;
import java.util.Optional;

import com.verdictdigest.system.SqlTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of bounce processing: one named method per statement. */
@Repository
public class BounceRepository {

    /** The subscriber a bounce is about. */
    public record Recipient(long id, String email, String emailKey, String status, int softBounces) {
    }

    private static final String RECIPIENT_COLUMNS = "select id, email, email_key, status, soft_bounces from subscriber";

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

    /** @return the new count */
    public int incrementSoftBounces(long subscriberId, Instant now) {
        jdbc.sql("update subscriber set soft_bounces = soft_bounces + 1, updated_at = :now where id = :id")
                .param("now", SqlTime.ts(now)).param("id", subscriberId).update();
        return jdbc.sql("select soft_bounces from subscriber where id = :id")
                .param("id", subscriberId).query(Integer.class).single();
    }

    /** Only rows with a count are written, so calling it after every delivery stays cheap. */
    public int resetSoftBounces(long subscriberId) {
        return jdbc.sql("update subscriber set soft_bounces = 0 where id = :id and soft_bounces <> 0")
                .param("id", subscriberId).update();
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

    public boolean isProcessed(String messageHash) {
        return jdbc.sql("select count(*) from processed_bounce where message_hash = :hash")
                .param("hash", messageHash).query(Long.class).single() > 0;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when another transaction got there first */
    public void insertProcessed(String messageHash, Instant at, String summary) {
        jdbc.sql("insert into processed_bounce (message_hash, processed_at, summary) values (:hash, :at, :summary)")
                .param("hash", messageHash).param("at", SqlTime.ts(at)).param("summary", truncate(summary, 200))
                .update();
    }

    public int deleteProcessedBefore(Instant cutoff) {
        return jdbc.sql("delete from processed_bounce where processed_at < :cutoff")
                .param("cutoff", SqlTime.ts(cutoff)).update();
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
