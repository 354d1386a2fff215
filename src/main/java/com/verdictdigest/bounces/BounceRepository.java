package com.verdictdigest.bounces;

import static com.verdictdigest.system.SqlTime.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.verdictdigest.system.SqlTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The SQL of bounce processing, on its own tables only (processed_bounce, unverified_bounce,
 * quarantined_bounce): the subscriber a bounce is about is found and changed through
 * subscribers' {@code SubscriberBounces}, the copy it is about through delivery's
 * {@code SendFeedback}.
 */
@Repository
public class BounceRepository {

    /** One processed message as recorded: no address, no diagnostic text. */
    public record Processed(String messageHash, Instant at, String summary, String kind, String reason, String evidence,
                            Long issueNumber, Long subscriberId) {
    }

    /** A bounce or complaint that named an address but carried nothing of ours. */
    public record Unverified(long id, Instant receivedAt, String claimedAddress, String kind, String reason,
                             String status, String format, String feedbackType, String diagnostic, String decision,
                             String decidedBy, Instant decidedAt) {
    }

    /** How many messages had this kind and reason since a moment. */
    public record ReasonCount(String kind, String reason, long count) {
    }

    private final JdbcClient jdbc;

    public BounceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @return false if the message was processed before (nothing written)
     * @throws org.springframework.dao.DuplicateKeyException when another transaction got there first
     */
    public boolean insertProcessed(Processed p) {
        return jdbc.sql("""
                insert into processed_bounce (message_hash, processed_at, summary, kind, reason, evidence, issue_number,
                                              subscriber_id)
                select :hash, :at, :summary, :kind, :reason, :evidence, :issue, :subscriber from (values (1)) as one (x)
                 where not exists (select 1 from processed_bounce where message_hash = :hash)""")
                .param("hash", p.messageHash()).param("at", SqlTime.ts(p.at())).param("summary", truncate(p.summary(), 200))
                .param("kind", p.kind()).param("reason", truncate(p.reason(), 40)).param("evidence", p.evidence())
                .param("issue", p.issueNumber()).param("subscriber", p.subscriberId())
                .update() > 0;
    }

    public int deleteProcessedBefore(Instant cutoff) {
        return jdbc.sql("delete from processed_bounce where processed_at < :cutoff")
                .param("cutoff", SqlTime.ts(cutoff)).update();
    }

    /** The newest processed messages (not-a-bounce messages are not recorded). */
    public List<Processed> recentProcessed(int limit) {
        return jdbc.sql("""
                select message_hash, processed_at, summary, kind, reason, evidence, issue_number, subscriber_id
                  from processed_bounce order by processed_at desc, message_hash fetch first :limit rows only""")
                .param("limit", limit).query(BounceRepository::processed).list();
    }

    /** Processed messages since a moment by kind and reason, most first. */
    public List<ReasonCount> countByReasonSince(Instant since) {
        return jdbc.sql("""
                select coalesce(kind, 'unknown') as kind, coalesce(reason, 'unknown') as reason, count(*) as n
                  from processed_bounce where processed_at >= :since
                 group by coalesce(kind, 'unknown'), coalesce(reason, 'unknown')
                 order by n desc, kind, reason""")
                .param("since", SqlTime.ts(since))
                .query((rs, n) -> new ReasonCount(rs.getString("kind"), rs.getString("reason"), rs.getLong("n"))).list();
    }

    // ---- unverified bounces

    public long insertUnverified(Instant at, String messageHash, String claimedAddress, String addressHash, Bounce b) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into unverified_bounce (received_at, message_hash, claimed_address, address_hash, kind, reason, status,
                                               format, feedback_type, diagnostic)
                values (:at, :hash, :address, :addressHash, :kind, :reason, :status, :format, :feedbackType, :diagnostic)""")
                .param("at", SqlTime.ts(at)).param("hash", messageHash).param("address", truncate(claimedAddress, 320))
                .param("addressHash", addressHash).param("kind", b.kind().label()).param("reason", truncate(b.reason().label(), 40))
                .param("status", truncate(b.status(), 16)).param("format", truncate(b.format(), 16))
                .param("feedbackType", truncate(b.feedbackType(), 30)).param("diagnostic", truncate(b.diagnostic(), 300))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /** Open ones first (newest first), then the decided ones. */
    public List<Unverified> listUnverified(int limit) {
        return jdbc.sql("""
                select * from unverified_bounce
                 order by case when decision is null then 0 else 1 end, id desc fetch first :limit rows only""")
                .param("limit", limit).query(BounceRepository::unverified).list();
    }

    public Optional<Unverified> findUnverified(long id) {
        return jdbc.sql("select * from unverified_bounce where id = :id").param("id", id)
                .query(BounceRepository::unverified).optional();
    }

    public long countOpenUnverified() {
        return jdbc.sql("select count(*) from unverified_bounce where decision is null").query(Long.class).single();
    }

    /** @return false if it was decided already (by someone else meanwhile) */
    public boolean decideUnverified(long id, String decision, String by, Instant at) {
        return jdbc.sql("""
                update unverified_bounce set decision = :decision, decided_by = :by, decided_at = :at
                 where id = :id and decision is null""")
                .param("decision", decision).param("by", truncate(by, 100)).param("at", SqlTime.ts(at)).param("id", id)
                .update() > 0;
    }

    // ---- quarantine

    public boolean isQuarantined(String rawHash) {
        return jdbc.sql("select count(*) from quarantined_bounce where message_hash = :hash").param("hash", rawHash)
                .query(Long.class).single() > 0;
    }

    public void insertQuarantined(String rawHash, Instant at, String mailbox, String why) {
        jdbc.sql("""
                insert into quarantined_bounce (message_hash, quarantined_at, mailbox, why)
                select :hash, :at, :mailbox, :why from (values (1)) as one (x)
                 where not exists (select 1 from quarantined_bounce where message_hash = :hash)""")
                .param("hash", rawHash).param("at", SqlTime.ts(at)).param("mailbox", truncate(mailbox, 200))
                .param("why", truncate(why, 100)).update();
    }

    public long countQuarantinedSince(Instant since) {
        return jdbc.sql("select count(*) from quarantined_bounce where quarantined_at >= :since")
                .param("since", SqlTime.ts(since)).query(Long.class).single();
    }

    public int deleteQuarantinedBefore(Instant cutoff) {
        return jdbc.sql("delete from quarantined_bounce where quarantined_at < :cutoff")
                .param("cutoff", SqlTime.ts(cutoff)).update();
    }

    // ---- erasure

    /** Everything held about an erased person: their unverified bounces go, their processed ones keep no link to them. */
    public void scrub(Long subscriberId, String addressHash) {
        jdbc.sql("delete from unverified_bounce where address_hash = :hash").param("hash", addressHash).update();
        if (subscriberId != null) {
            jdbc.sql("update processed_bounce set subscriber_id = null where subscriber_id = :id")
                    .param("id", subscriberId).update();
        }
    }

    private static Processed processed(ResultSet rs, int n) throws SQLException {
        return new Processed(rs.getString("message_hash"), instant(rs, "processed_at"), rs.getString("summary"),
                rs.getString("kind"), rs.getString("reason"), rs.getString("evidence"),
                (Long) rs.getObject("issue_number", Long.class), (Long) rs.getObject("subscriber_id", Long.class));
    }

    private static Unverified unverified(ResultSet rs, int n) throws SQLException {
        return new Unverified(rs.getLong("id"), instant(rs, "received_at"), rs.getString("claimed_address"),
                rs.getString("kind"), rs.getString("reason"), rs.getString("status"), rs.getString("format"),
                rs.getString("feedback_type"), rs.getString("diagnostic"), rs.getString("decision"),
                rs.getString("decided_by"), instant(rs, "decided_at"));
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
