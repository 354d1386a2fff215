package com.verdictdigest.bounces;

import java.time.Instant;

import com.verdictdigest.system.SqlTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of bounce processing, on its own table only (processed_bounce): the subscriber a bounce
 * is about is found and changed through subscribers' {@code SubscriberBounces}.
 */
@Repository
public class BounceRepository {

    private final JdbcClient jdbc;

    public BounceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
