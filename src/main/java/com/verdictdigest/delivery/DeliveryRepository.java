package com.verdictdigest.delivery;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.verdictdigest.subscribers.SubscriberTokens;
import com.verdictdigest.system.SqlTime;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The send table and the ledger. Each method is one named statement; rows move
 * queued → claimed → sent | failed (or back to queued for a retry), and a claim is only ever
 * changed by the claimer that holds it.
 */
@Repository
public class DeliveryRepository {

    /**
     * A send as stored.
     *
     * @param localTime HH:MM of a local-time send, null for everyone at once
     * @param wentOutAt when its first mail was accepted; null before
     */
    public record SendRow(long issueNumber, SendState state, String pauseReason, int recipients,
                          Instant startedAt, Instant updatedAt, Instant finishedAt, String localTime, Instant wentOutAt) {
    }

    public enum RowState {
        QUEUED, CLAIMED, SENT, FAILED, CANCELLED
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate transactions;
    /** For writes that must be committed when the call returns, whatever transaction the caller is in. */
    private final TransactionTemplate ownTransactions;
    private final boolean postgres;
    private final Object h2ClaimLock = new Object();
    private final SubscriberTokens tokens;

    public DeliveryRepository(JdbcClient jdbc, DataSource dataSource, SubscriberTokens tokens) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.jdbcTemplate = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.ownTransactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.ownTransactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.postgres = isPostgres(dataSource);
    }

    private static boolean isPostgres(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell the database product", e);
        }
    }

    // ---- sends

    /** @return false if the issue already has a send (starting twice changes nothing) */
    public boolean insertSend(long issueNumber, Instant now) {
        return jdbc.sql("""
                insert into delivery_send (issue_number, state, recipients, started_at, updated_at)
                select :issue, 'running', 0, :now, :now from (values (1)) as one (x)
                 where not exists (select 1 from delivery_send where issue_number = :issue)""")
                .param("issue", issueNumber).param("now", SqlTime.ts(now)).update() > 0;
    }

    /**
     * One ledger row per subscriber confirmed and not paused right now, in one statement, read
     * from subscribers' view {@code subscriber_recipient} (their read API; delivery never reads
     * the subscriber table). The unique (issue, subscriber) key and the not-exists guard make a
     * second call add nothing.
     */
    public int enqueueConfirmedSubscribers(long issueNumber, Instant now) {
        int added = jdbc.sql("""
                insert into delivery_ledger (issue_number, subscriber_id, email, state, attempts, next_attempt_at, due_at)
                select :issue, r.subscriber_id, r.email, 'queued', 0, :now, :now
                  from subscriber_recipient r
                 where r.confirmed
                   and (r.paused_until is null or r.paused_until < :now)
                   and not exists (select 1 from delivery_ledger l where l.issue_number = :issue and l.subscriber_id = r.subscriber_id)""")
                .param("issue", issueNumber).param("now", SqlTime.ts(now)).update();
        jdbc.sql("""
                update delivery_send set recipients = (select count(*) from delivery_ledger where issue_number = :issue)
                 where issue_number = :issue""")
                .param("issue", issueNumber).update();
        return added;
    }

    public Optional<SendRow> findSend(long issueNumber) {
        return jdbc.sql("select * from delivery_send where issue_number = :issue")
                .param("issue", issueNumber)
                .query((rs, n) -> new SendRow(rs.getLong("issue_number"),
                        SendState.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)),
                        rs.getString("pause_reason"), rs.getInt("recipients"),
                        SqlTime.instant(rs, "started_at"), SqlTime.instant(rs, "updated_at"),
                        SqlTime.instant(rs, "finished_at"), rs.getString("local_time"), SqlTime.instant(rs, "went_out_at")))
                .optional();
    }

    public List<Long> findRunningSends() {
        return jdbc.sql("select issue_number from delivery_send where state = 'running' order by issue_number")
                .query(Long.class).list();
    }

    /** Moves a send from one of {@code from} to {@code to}; @return whether it was in one of them. */
    public boolean changeSendState(long issueNumber, List<SendState> from, SendState to, String reason, Instant now) {
        return jdbc.sql("""
                update delivery_send
                   set state = :to, pause_reason = :reason, updated_at = :now,
                       finished_at = case when :finished then :now else finished_at end
                 where issue_number = :issue and state in (:from)""")
                .param("to", to.db()).param("reason", reason).param("now", SqlTime.ts(now))
                .param("finished", to == SendState.DONE || to == SendState.CANCELLED)
                .param("issue", issueNumber).param("from", from.stream().map(SendState::db).toList())
                .update() > 0;
    }

    public int cancelOpenRows(long issueNumber, String why) {
        return jdbc.sql("""
                update delivery_ledger set state = 'cancelled', error = :why, claimed_by = null, lease_until = null
                 where issue_number = :issue and state in ('queued', 'claimed')""")
                .param("issue", issueNumber).param("why", why).update();
    }

    // ---- the ledger: claim, mark

    /**
     * Claims up to {@code batch} rows that are due: queued ones whose retry time has come and
     * claimed ones whose lease ran out (their claimer died). On PostgreSQL rows locked by another
     * claimer are skipped; on H2 the state condition is re-checked on the locked row, so a row
     * another claimer took meanwhile drops out. Either way no row is claimed twice.
     *
     * @return the rows now held by {@code claimId}
     */
    public List<ClaimedRow> claim(long issueNumber, String claimId, int batch, Instant now, Instant leaseUntil) {
        // The ids the claim may hold: the rows are then read by primary key (claimed_by has no index:
        // one index fewer to write per claimed row).
        List<Long> ids = new ArrayList<>(batch);
        if (postgres) {
            ids.addAll(claimUpdate(CLAIM_EXPIRED_POSTGRES, issueNumber, claimId, batch, now, leaseUntil));
            if (ids.size() < batch) {
                ids.addAll(claimUpdate(CLAIM_QUEUED_POSTGRES, issueNumber, claimId, batch - ids.size(), now, leaseUntil));
            }
        } else {
            // H2 has no SKIP LOCKED: concurrent claims would queue on each other's row locks (and
            // hold the rows they skip until they commit), so this process claims one batch at a time.
            // The ids are read first: H2 runs "id in (subquery)" as a scan of the table, not as key lookups.
            synchronized (h2ClaimLock) {
                int taken = claimById(FIND_EXPIRED_H2, CLAIM_EXPIRED_H2, issueNumber, claimId, batch, now, leaseUntil, ids);
                if (taken < batch) {
                    claimById(FIND_QUEUED_H2, CLAIM_QUEUED_H2, issueNumber, claimId, batch - taken, now, leaseUntil, ids);
                }
            }
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        // On H2 a row found may have been taken by another process before the update: the claim id tells.
        return jdbc.sql(CLAIMED_ROWS)
                .param("ids", ids).param("claim", claimId)
                .query((rs, n) -> new ClaimedRow(rs.getLong("id"), rs.getLong("issue_number"),
                        rs.getLong("subscriber_id"), rs.getString("email"), rs.getString("name"),
                        tokens.forSubscriber(rs.getLong("subscriber_id")),
                        categories(rs.getString("categories")), rs.getBoolean("text_only"),
                        rs.getBoolean("show_votes"), rs.getBoolean("confirmed"), rs.getInt("attempts")))
                .list();
    }

    /** Package-private: a test checks its plan (rows by primary key, no scan). */
    static final String CLAIMED_ROWS = """
            select l.id, l.issue_number, l.subscriber_id, l.email, l.attempts,
                   r.name, r.categories, r.text_only, r.show_votes, r.confirmed
              from delivery_ledger l left join subscriber_recipient r on r.subscriber_id = l.subscriber_id
             where l.id in (:ids) and l.claimed_by = :claim and l.state = 'claimed'
             order by l.id""";

    /** @return the ids claimed */
    private List<Long> claimUpdate(String sql, long issueNumber, String claimId, int batch, Instant now, Instant leaseUntil) {
        return jdbc.sql(sql).param("issue", issueNumber).param("claim", claimId).param("batch", batch)
                .param("now", SqlTime.ts(now)).param("lease", SqlTime.ts(leaseUntil)).query(Long.class).list();
    }

    /** Claims the rows findSql finds; adds their ids to {@code ids}; @return how many the update took */
    private int claimById(String findSql, String claimSql, long issueNumber, String claimId, int batch, Instant now,
                          Instant leaseUntil, List<Long> ids) {
        List<Long> found = jdbc.sql(findSql).param("issue", issueNumber).param("batch", batch)
                .param("now", SqlTime.ts(now)).query(Long.class).list();
        if (found.isEmpty()) {
            return 0;
        }
        ids.addAll(found);
        return jdbc.sql(claimSql).param("ids", found).param("claim", claimId).param("now", SqlTime.ts(now))
                .param("lease", SqlTime.ts(leaseUntil)).update();
    }

    // Each claim walks the (issue_number, state, next_attempt_at, id) index from the earliest due row
    // and stops after the batch: rows of later waves (local-time sends) and retries waiting for their
    // time are never read. The ORDER BY names all four columns because H2 only then reads the index
    // in order instead of sorting every queued row (scanCount 50 instead of the whole list, per claim).

    private static final String CLAIM_QUEUED_POSTGRES = """
            update delivery_ledger
               set state = 'claimed', claimed_by = :claim, lease_until = :lease
             where id in (select id from delivery_ledger
                           where issue_number = :issue and state = 'queued' and next_attempt_at <= :now
                           order by issue_number, state, next_attempt_at, id
                           limit :batch
                           for update skip locked)
            returning id""";

    private static final String CLAIM_EXPIRED_POSTGRES = """
            update delivery_ledger
               set claimed_by = :claim, lease_until = :lease
             where id in (select id from delivery_ledger
                           where issue_number = :issue and state = 'claimed' and lease_until < :now
                           order by issue_number, state, next_attempt_at, id
                           limit :batch
                           for update skip locked)
            returning id""";

    /** Package-private: a test checks its plan. */
    static final String FIND_QUEUED_H2 = """
            select id from delivery_ledger
             where issue_number = :issue and state = 'queued' and next_attempt_at <= :now
             order by issue_number, state, next_attempt_at, id
             fetch first :batch rows only""";

    // The conditions are checked again on the locked row: a row another process claimed meanwhile drops out.
    private static final String CLAIM_QUEUED_H2 = """
            update delivery_ledger
               set state = 'claimed', claimed_by = :claim, lease_until = :lease
             where id in (:ids) and state = 'queued' and next_attempt_at <= :now""";

    private static final String FIND_EXPIRED_H2 = """
            select id from delivery_ledger
             where issue_number = :issue and state = 'claimed' and lease_until < :now
             order by issue_number, state, next_attempt_at, id
             fetch first :batch rows only""";

    private static final String CLAIM_EXPIRED_H2 = """
            update delivery_ledger
               set claimed_by = :claim, lease_until = :lease
             where id in (:ids) and state = 'claimed' and lease_until < :now""";

    /**
     * The H2 database's file path without its extension ({@code DATABASE_PATH()}), for the sent-mark
     * journal beside it; empty on PostgreSQL and for an in-memory H2 database.
     */
    public Optional<Path> h2DatabasePath() {
        if (postgres) {
            return Optional.empty();
        }
        return jdbc.sql("call database_path()").query(String.class).optional().map(Path::of);
    }

    /**
     * One "sent" mark: the row, the claim that must still hold it, the server's 250 reply. A row
     * cancelled meanwhile (the send was cancelled while this copy was on its way) becomes sent too:
     * it went out. A row scrubbed meanwhile (its reader was erased: {@link #scrubSubscriber}) gets
     * its state and time, not the reply and Message-ID back (journaled marks arrive later).
     */
    public record SentMark(long id, String claimId, String reply, String messageId, Instant at) {
    }

    private static final String MARK_SENT = """
            update delivery_ledger
               set state = 'sent',
                   smtp_reply = case when email = '' then null else ? end,
                   message_id = case when email = '' then null else ? end,
                   sent_at = ?, attempts = attempts + 1, lease_until = null, error = null
             where id = ? and (claimed_by = ? and state = 'claimed' or state = 'cancelled')""";

    /** @return false if the claim was lost meanwhile (the lease ran out and another sender took the row) */
    public boolean markSent(long id, String claimId, String reply, String messageId, Instant now) {
        return markSent(List.of(new SentMark(id, claimId, reply, messageId, now)))[0];
    }

    /**
     * Marks several rows sent in one transaction (one commit: on PostgreSQL one WAL flush).
     *
     * @return per mark, false if its claim was lost meanwhile
     */
    public boolean[] markSent(List<SentMark> marks) {
        return markSent(marks, transactions);
    }

    /**
     * As {@link #markSent(List)}, in a transaction of its own that is committed when this returns,
     * even inside a caller's (a cancel): the journal lines of these marks are deleted after it.
     */
    boolean[] markSentCommitted(List<SentMark> marks) {
        return markSent(marks, ownTransactions);
    }

    private boolean[] markSent(List<SentMark> marks, TransactionTemplate tx) {
        int[] counts = tx.execute(status -> jdbcTemplate.batchUpdate(MARK_SENT, marks.stream()
                .map(m -> new Object[] {truncate(m.reply(), 500), m.messageId(), SqlTime.ts(m.at()), m.id(), m.claimId()})
                .toList()));
        boolean[] held = new boolean[marks.size()];
        for (int i = 0; i < held.length; i++) {
            held[i] = counts[i] > 0;
        }
        return held;
    }

    public boolean markFailed(long id, String claimId, String reply, String error) {
        return jdbc.sql("""
                update delivery_ledger
                   set state = 'failed', smtp_reply = :reply, error = :error, attempts = attempts + 1, lease_until = null
                 where id = :id and claimed_by = :claim and state = 'claimed'""")
                .param("reply", truncate(reply, 500)).param("error", truncate(error, 1000))
                .param("id", id).param("claim", claimId).update() > 0;
    }

    /** A subscriber who left after the send started is not mailed. */
    public boolean markSkipped(long id, String claimId, String why) {
        return jdbc.sql("""
                update delivery_ledger set state = 'cancelled', error = :why, lease_until = null
                 where id = :id and claimed_by = :claim and state = 'claimed'""")
                .param("why", why).param("id", id).param("claim", claimId).update() > 0;
    }

    public boolean markRetry(long id, String claimId, String reply, String error, Instant nextAttemptAt) {
        return jdbc.sql("""
                update delivery_ledger
                   set state = 'queued', attempts = attempts + 1, next_attempt_at = :next, smtp_reply = :reply,
                       error = :error, claimed_by = null, lease_until = null
                 where id = :id and claimed_by = :claim and state = 'claimed'""")
                .param("next", SqlTime.ts(nextAttemptAt)).param("reply", truncate(reply, 500))
                .param("error", truncate(error, 1000)).param("id", id).param("claim", claimId).update() > 0;
    }

    /** Puts a row back for later without counting an attempt: the server, not the recipient, was the problem. */
    public boolean postpone(long id, String claimId, String error, Instant nextAttemptAt) {
        return jdbc.sql("""
                update delivery_ledger
                   set state = 'queued', next_attempt_at = :next, error = :error, claimed_by = null, lease_until = null
                 where id = :id and claimed_by = :claim and state = 'claimed'""")
                .param("next", SqlTime.ts(nextAttemptAt)).param("error", truncate(error, 1000))
                .param("id", id).param("claim", claimId).update() > 0;
    }

    /** Gives back the rows of a claim that were not tried (pause, shutdown): no attempt is counted. */
    public int release(long issueNumber, String claimId) {
        return jdbc.sql("""
                update delivery_ledger set state = 'queued', claimed_by = null, lease_until = null
                 where issue_number = :issue and state = 'claimed' and claimed_by = :claim""")
                .param("issue", issueNumber).param("claim", claimId).update();
    }

    /** Gives back these rows of a claim, untried (the others of the claim were settled). */
    public int release(String claimId, List<Long> ids) {
        return jdbc.sql("""
                update delivery_ledger set state = 'queued', claimed_by = null, lease_until = null
                 where id in (:ids) and claimed_by = :claim and state = 'claimed'""")
                .param("ids", ids).param("claim", claimId).update();
    }

    /** Recipients still to be sent to, over every send: queued, or claimed by a sender now (the queue depth). */
    public long countWaiting() {
        return jdbc.sql("select count(*) from delivery_ledger where state in ('queued', 'claimed')").query(Long.class).single();
    }

    public Map<RowState, Long> countByState(long issueNumber) {
        return counts(issueNumber, Instant.EPOCH).byState();
    }

    /** Rows per state, and how many were sent since a moment (the rate), in one pass over the issue's rows. */
    public record LedgerCounts(Map<RowState, Long> byState, long sentSince) {
    }

    public LedgerCounts counts(long issueNumber, Instant sentSince) {
        Map<RowState, Long> counts = new EnumMap<>(RowState.class);
        Arrays.stream(RowState.values()).forEach(s -> counts.put(s, 0L));
        long[] recent = {0};
        jdbc.sql("""
                select state, count(*) as n, sum(case when sent_at >= :since then 1 else 0 end) as recent
                  from delivery_ledger where issue_number = :issue group by state""")
                .param("issue", issueNumber).param("since", SqlTime.ts(sentSince))
                .query((ResultSet rs) -> {
                    counts.put(RowState.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)), rs.getLong("n"));
                    recent[0] += rs.getLong("recent");
                });
        return new LedgerCounts(counts, recent[0]);
    }

    /**
     * When the next queued or claimed row becomes claimable; empty if none is left. Two reads of
     * the due index, each of a few entries: the first queued row in due order, and the leases of
     * the rows claimed now (at most a batch per sender). A million rows waiting for a later wave
     * cost nothing here.
     */
    public Optional<Instant> nextDue(long issueNumber) {
        Optional<Instant> queued = jdbc.sql("""
                select next_attempt_at from delivery_ledger
                 where issue_number = :issue and state = 'queued'
                 order by issue_number, state, next_attempt_at, id
                 fetch first 1 rows only""")
                .param("issue", issueNumber)
                .query((rs, n) -> SqlTime.instant(rs, "next_attempt_at")).optional();
        Optional<Instant> lease = jdbc.sql("""
                select min(lease_until) as due from delivery_ledger where issue_number = :issue and state = 'claimed'""")
                .param("issue", issueNumber)
                .query((rs, n) -> Optional.ofNullable(SqlTime.instant(rs, "due"))).single();
        if (queued.isEmpty()) {
            return lease;
        }
        return lease.filter(l -> l.isBefore(queued.get())).or(() -> queued);
    }

    // ---- local-time sends: their zones, waves and the first mail out

    /** A zone of a local-time send: when its readers are due, and how many they were at the start. */
    public record ZoneDue(String timeZone, Instant dueAt, long recipients) {
    }

    /** How many rows of one wave (one due instant) are in each state. */
    public record WaveCounts(Instant dueAt, Map<RowState, Long> byState) {
    }

    /** Creates a local-time send (as {@link #insertSend}, with its HH:MM). @return false if the issue has a send */
    public boolean insertLocalTimeSend(long issueNumber, Instant now, String localTime) {
        return jdbc.sql("""
                insert into delivery_send (issue_number, state, recipients, started_at, updated_at, local_time)
                select :issue, 'running', 0, :now, :now, :localTime from (values (1)) as one (x)
                 where not exists (select 1 from delivery_send where issue_number = :issue)""")
                .param("issue", issueNumber).param("now", SqlTime.ts(now)).param("localTime", localTime).update() > 0;
    }

    /**
     * Readers a send starting now would mail, per zone as their rows have it (a reader without
     * one counted under {@code defaultZone}): what a local-time send's waves are made of. One
     * pass over the view, grouped.
     */
    public Map<String, Long> countRecipientsByZone(Instant now, String defaultZone) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("""
                select zone, count(*) as n
                  from (select coalesce(r.time_zone, :defaultZone) as zone
                          from subscriber_recipient r
                         where r.confirmed and (r.paused_until is null or r.paused_until < :now)) z
                 group by zone""")
                .param("defaultZone", defaultZone).param("now", SqlTime.ts(now))
                .query((ResultSet rs) -> {
                    counts.put(rs.getString("zone"), rs.getLong("n"));
                });
        return counts;
    }

    /**
     * The ledger of a local-time send: first its zones with their due instants, then one row per
     * reader confirmed and not paused now, due when HH:MM comes in their zone, in one
     * {@code insert ... select} that joins the zones (as {@link #enqueueConfirmedSubscribers}, set-based).
     * A reader whose zone was not in {@code zones} (they chose it between the count and this
     * statement) is not in this issue, like one who signed up a moment after the start.
     */
    public int enqueueByZone(long issueNumber, Instant now, List<ZoneDue> zones, String defaultZone) {
        jdbcTemplate.batchUpdate("""
                        insert into delivery_wave_zone (issue_number, time_zone, due_at, recipients)
                        values (?, ?, ?, ?)""", zones, zones.size(), (ps, z) -> {
                    ps.setLong(1, issueNumber);
                    ps.setString(2, z.timeZone());
                    ps.setObject(3, SqlTime.ts(z.dueAt()));
                    ps.setLong(4, z.recipients());
                });
        int added = jdbc.sql("""
                insert into delivery_ledger (issue_number, subscriber_id, email, state, attempts, next_attempt_at, due_at)
                select :issue, r.subscriber_id, r.email, 'queued', 0, w.due_at, w.due_at
                  from subscriber_recipient r
                  join delivery_wave_zone w on w.issue_number = :issue and w.time_zone = coalesce(r.time_zone, :defaultZone)
                 where r.confirmed
                   and (r.paused_until is null or r.paused_until < :now)
                   and not exists (select 1 from delivery_ledger l where l.issue_number = :issue and l.subscriber_id = r.subscriber_id)""")
                .param("issue", issueNumber).param("now", SqlTime.ts(now)).param("defaultZone", defaultZone).update();
        jdbc.sql("""
                update delivery_send set recipients = (select count(*) from delivery_ledger where issue_number = :issue)
                 where issue_number = :issue""")
                .param("issue", issueNumber).update();
        return added;
    }

    /** The zones of a local-time send, earliest due first (none for a send to everyone at once). */
    public List<ZoneDue> findZones(long issueNumber) {
        return jdbc.sql("""
                select time_zone, due_at, recipients from delivery_wave_zone
                 where issue_number = :issue order by due_at, time_zone""")
                .param("issue", issueNumber)
                .query((rs, n) -> new ZoneDue(rs.getString("time_zone"), SqlTime.instant(rs, "due_at"), rs.getLong("recipients")))
                .list();
    }

    /** Rows per state of each wave (due instant), earliest first: one pass over the issue's rows, as {@link #counts}. */
    public List<WaveCounts> countByWave(long issueNumber) {
        Map<Instant, Map<RowState, Long>> waves = new java.util.TreeMap<>();
        jdbc.sql("""
                select due_at, state, count(*) as n from delivery_ledger
                 where issue_number = :issue group by due_at, state""")
                .param("issue", issueNumber)
                .query((ResultSet rs) -> {
                    Map<RowState, Long> counts = waves.computeIfAbsent(SqlTime.instant(rs, "due_at"), d -> {
                        Map<RowState, Long> m = new EnumMap<>(RowState.class);
                        Arrays.stream(RowState.values()).forEach(st -> m.put(st, 0L));
                        return m;
                    });
                    counts.put(RowState.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)), rs.getLong("n"));
                });
        return waves.entrySet().stream().map(e -> new WaveCounts(e.getKey(), e.getValue())).toList();
    }

    /** The first mail of the send went out. @return true for the call that recorded it (once per send) */
    public boolean markWentOut(long issueNumber, Instant at) {
        return jdbc.sql("""
                update delivery_send set went_out_at = :at where issue_number = :issue and went_out_at is null""")
                .param("issue", issueNumber).param("at", SqlTime.ts(at)).update() > 0;
    }

    /** Issues whose send is running or paused, lowest number first: sends not over yet. */
    public List<Long> findOpenSends() {
        return jdbc.sql("select issue_number from delivery_send where state in ('running', 'paused') order by issue_number")
                .query(Long.class).list();
    }

    // ---- what came back for the copies of a send (SendFeedback, SendGuard)

    /** A copy as feedback finds it: its row, state and worst feedback so far. */
    public record CopyFeedback(long id, String state, String feedback) {
    }

    public Optional<CopyFeedback> findCopy(long issueNumber, long subscriberId) {
        return jdbc.sql("""
                select id, state, feedback from delivery_ledger where issue_number = :issue and subscriber_id = :subscriber""")
                .param("issue", issueNumber).param("subscriber", subscriberId)
                .query((rs, n) -> new CopyFeedback(rs.getLong("id"), rs.getString("state"), rs.getString("feedback")))
                .optional();
    }

    /** Sets the copy's feedback if it still is {@code previous} (null: none yet); @return whether it changed. */
    public boolean changeFeedback(long ledgerId, String previous, String feedback, String reason) {
        String sql = previous == null
                ? "update delivery_ledger set feedback = :feedback, feedback_reason = :reason where id = :id and feedback is null"
                : "update delivery_ledger set feedback = :feedback, feedback_reason = :reason where id = :id and feedback = :previous";
        var statement = jdbc.sql(sql).param("feedback", feedback).param("reason", truncate(reason, 60)).param("id", ledgerId);
        return (previous == null ? statement : statement.param("previous", previous)).update() > 0;
    }

    /** Moves the send's counters of copies with a hard bounce and with a complaint. */
    public void addToFeedbackCounts(long issueNumber, int hardBounces, int complaints) {
        jdbc.sql("""
                update delivery_send set hard_bounces = hard_bounces + :hard, complaints = complaints + :complaints
                 where issue_number = :issue""")
                .param("hard", hardBounces).param("complaints", complaints).param("issue", issueNumber).update();
    }

    /** What the guard reads of a send: its state, its counters and the rules that paused it before. */
    public record GuardRow(SendState state, long hardBounces, long complaints, String tripped) {
    }

    public Optional<GuardRow> findGuardRow(long issueNumber) {
        return jdbc.sql("select state, hard_bounces, complaints, guard_tripped from delivery_send where issue_number = :issue")
                .param("issue", issueNumber)
                .query((rs, n) -> new GuardRow(SendState.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)),
                        rs.getLong("hard_bounces"), rs.getLong("complaints"), rs.getString("guard_tripped")))
                .optional();
    }

    public void setGuardTripped(long issueNumber, String tripped) {
        jdbc.sql("update delivery_send set guard_tripped = :tripped where issue_number = :issue")
                .param("tripped", tripped).param("issue", issueNumber).update();
    }

    /** Copies delivered (marked sent): one range of the (issue, state, id) index. */
    public long countSent(long issueNumber) {
        return jdbc.sql("select count(*) from delivery_ledger where issue_number = :issue and state = 'sent'")
                .param("issue", issueNumber).query(Long.class).single();
    }

    /** Feedback of an issue's copies by kind and reason, most first. */
    public List<SendFeedback.Count> feedbackCounts(long issueNumber) {
        return jdbc.sql("""
                select feedback, feedback_reason, count(*) as n from delivery_ledger
                 where issue_number = :issue and feedback is not null
                 group by feedback, feedback_reason
                 order by n desc, feedback, feedback_reason""")
                .param("issue", issueNumber)
                .query((rs, n) -> new SendFeedback.Count(SendFeedback.Kind.fromDb(rs.getString("feedback")),
                        rs.getString("feedback_reason"), rs.getLong("n")))
                .list();
    }

    // ---- erasure

    /**
     * A subscriber was erased: their copies stay counted (sent, failed, bounced) but hold nothing
     * of them, neither the address nor the server's replies about it nor the Message-ID.
     */
    public int scrubSubscriber(long subscriberId) {
        return jdbc.sql("""
                update delivery_ledger set email = '', smtp_reply = null, error = null, message_id = null
                 where subscriber_id = :subscriber""")
                .param("subscriber", subscriberId).update();
    }

    private static List<String> categories(String lines) {
        return lines == null || lines.isBlank() ? null : lines.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
