package com.verdictdigest.subscribers;

import static com.verdictdigest.system.SqlTime.instant;
import static com.verdictdigest.system.SqlTime.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.verdictdigest.mail.EmailAddress;
/**
 * The SQL of list management, one statement per method. Lists page by keyset (newest first,
 * {@code id < :before}), never by OFFSET, so page 20,000 costs what page 1 costs.
 */
@Repository
public class SubscriberAdminRepository {

    /** One line of the admin list. */
    public record Row(long id, String email, String name, SubscriberStatus status, Instant createdAt, Instant confirmedAt,
                      String emailKey, String nameKey) {
    }

    /** Everything the subscriber row holds except its link token (a credential, shown to no one). */
    public record Detail(long id, String email, String emailKey, String name, SubscriberStatus status, String categories,
                         boolean textOnly, Instant pausedUntil, int softBounces, Instant createdAt, Instant updatedAt,
                         Instant confirmedAt) {

        public EmailAddress address() {
            return new EmailAddress(email, emailKey);
        }
    }

    /** One entry of the status history, with the consent evidence recorded with it. */
    public record Event(long id, Instant at, String kind, String statusAfter, String ip, String userAgent, String form,
                        String consentText, String consentVersion, String detail) {
    }

    /** An opt-in token's life (its hash stays in the database only). */
    public record Token(Instant createdAt, Instant expiresAt, Instant usedAt) {
    }

    /** A suppression entry. */
    public record Suppression(String reason, Instant createdAt, String detail) {
    }

    /** A row to insert, with the event that explains it. */
    public record NewSubscriber(String email, String emailKey, String name, SubscriberStatus status, String token,
                                String categories, Instant createdAt, Instant confirmedAt,
                                String eventKind, String form, String consentText, String detail) {
    }

    /** How many subscribers moved from one status to another on a day (from is null for new ones). */
    public record Transition(LocalDate day, String from, String to, long count) {
    }

    private static final String ROW_COLUMNS = "id, email, name, status, created_at, confirmed_at, email_key, name_key";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    public SubscriberAdminRepository(NamedParameterJdbcTemplate named) {
        this.named = named;
        this.jdbc = JdbcClient.create(named);
    }

    // ---- the list

    public List<Row> pageNewestFirst(long beforeId, int limit) {
        return jdbc.sql("select " + ROW_COLUMNS + """
                         from subscriber
                        where id < :before
                        order by id desc fetch first :limit rows only""")
                .param("before", beforeId).param("limit", limit)
                .query(SubscriberAdminRepository::row).list();
    }

    /** Walks the (status, id) index. */
    public List<Row> pageByStatus(SubscriberStatus status, long beforeId, int limit) {
        return jdbc.sql("select " + ROW_COLUMNS + """
                         from subscriber
                        where status = :status and id < :before
                        order by id desc fetch first :limit rows only""")
                .param("status", status.dbValue()).param("before", beforeId).param("limit", limit)
                .query(SubscriberAdminRepository::row).list();
    }

    /**
     * Addresses starting with {@code prefix}, in address order, keyset on the address key. Range,
     * order and keyset all come from the one index on email_key, so the planner has no cheaper
     * choice on either store (ordering by id instead made H2 walk the primary key through every
     * row). The range {@code >= :lo and < :hi} is what the planner sees; LIKE stays the exact
     * filter. The column compares binary on both stores (V3_21), so the range holds every match.
     *
     * @param prefix   lower case, as typed (LIKE wildcards are escaped here)
     * @param afterKey the last address key of the previous page, "" for the first
     */
    public List<Row> searchByAddress(String prefix, String afterKey, int limit) {
        String[] range = prefixRange(prefix);
        return jdbc.sql("select " + ROW_COLUMNS + """
                         from subscriber
                        where email_key >= :lo and email_key < :hi and email_key like :pattern escape '\\'
                          and email_key > :after
                        order by email_key fetch first :limit rows only""")
                .param("lo", range[0]).param("hi", range[1]).param("pattern", likePrefix(prefix))
                .param("after", afterKey).param("limit", limit)
                .query(SubscriberAdminRepository::row).list();
    }

    /**
     * {@link #searchByAddress} within one status. The status test is written so that no index
     * serves it ({@code coalesce} of a NOT NULL column): else H2 walks every row of that status
     * by the (status, id) index instead of the few rows with the prefix.
     */
    public List<Row> searchByAddressAndStatus(String prefix, SubscriberStatus status, String afterKey, int limit) {
        String[] range = prefixRange(prefix);
        return jdbc.sql("select " + ROW_COLUMNS + """
                         from subscriber
                        where email_key >= :lo and email_key < :hi and email_key like :pattern escape '\\'
                          and email_key > :after and coalesce(status, '') = :status
                        order by email_key fetch first :limit rows only""")
                .param("lo", range[0]).param("hi", range[1]).param("pattern", likePrefix(prefix))
                .param("after", afterKey).param("status", status.dbValue()).param("limit", limit)
                .query(SubscriberAdminRepository::row).list();
    }

    /**
     * Names starting with {@code prefix} (lower-cased by the database), in name order, keyset on
     * (name, id) over the (name_key, id) index.
     *
     * @param afterName the last row's name key ("" for the first page), {@code afterId} its id (0)
     */
    public List<Row> searchByName(String prefix, String afterName, long afterId, int limit) {
        String[] range = prefixRange(prefix);
        return jdbc.sql("select " + ROW_COLUMNS + """
                         from subscriber
                        where name_key >= :lo and name_key < :hi and name_key like :pattern escape '\\'
                          and name_key >= :afterName and (name_key > :afterName or id > :afterId)
                        order by name_key, id fetch first :limit rows only""")
                .param("lo", range[0]).param("hi", range[1]).param("pattern", likePrefix(prefix))
                .param("afterName", afterName).param("afterId", afterId).param("limit", limit)
                .query(SubscriberAdminRepository::row).list();
    }

    /** {@link #searchByName} within one status (the status test kept off the indexes, as above). */
    public List<Row> searchByNameAndStatus(String prefix, SubscriberStatus status, String afterName, long afterId, int limit) {
        String[] range = prefixRange(prefix);
        return jdbc.sql("select " + ROW_COLUMNS + """
                         from subscriber
                        where name_key >= :lo and name_key < :hi and name_key like :pattern escape '\\'
                          and name_key >= :afterName and (name_key > :afterName or id > :afterId) and coalesce(status, '') = :status
                        order by name_key, id fetch first :limit rows only""")
                .param("lo", range[0]).param("hi", range[1]).param("pattern", likePrefix(prefix))
                .param("afterName", afterName).param("afterId", afterId).param("status", status.dbValue())
                .param("limit", limit)
                .query(SubscriberAdminRepository::row).list();
    }

    /**
     * Bounds that hold every string starting with {@code prefix} in UTF-16 order (H2) and in
     * UTF-8 byte order (PostgreSQL, collation "C"): the prefix up to its first character at or
     * above U+D7FF (where the two orders part), and that with its last character + 1. A prefix
     * starting with such a character gets the coarse range [U+D7FF, U+FFFF U+FFFF), which on
     * PostgreSQL misses names that start with a character outside the BMP (an emoji).
     */
    static String[] prefixRange(String prefix) {
        int cut = 0;
        while (cut < prefix.length() && prefix.charAt(cut) < 0xD7FF) {
            cut++;
        }
        if (cut == 0) {
            return new String[] {"\uD7FF", "\uFFFF\uFFFF"};
        }
        String lo = prefix.substring(0, cut);
        return new String[] {lo, lo.substring(0, cut - 1) + (char) (lo.charAt(cut - 1) + 1)};
    }

    public Map<SubscriberStatus, Long> countByStatus() {
        Map<SubscriberStatus, Long> counts = new EnumMap<>(SubscriberStatus.class);
        for (SubscriberStatus s : SubscriberStatus.values()) {
            counts.put(s, 0L);
        }
        jdbc.sql("select status, count(*) as n from subscriber group by status")
                .query((rs, i) -> counts.put(SubscriberStatus.fromDb(rs.getString("status")), rs.getLong("n"))).list();
        return counts;
    }

    // ---- one subscriber

    private static final String DETAIL_COLUMNS = """
            id, email, email_key, name, status, categories, text_only, paused_until, soft_bounces,
            created_at, updated_at, confirmed_at""";

    public Optional<Detail> findById(long id) {
        return jdbc.sql("select " + DETAIL_COLUMNS + " from subscriber where id = :id")
                .param("id", id).query(SubscriberAdminRepository::detail).optional();
    }

    public Optional<Detail> findByEmailKey(String emailKey) {
        return jdbc.sql("select " + DETAIL_COLUMNS + " from subscriber where email_key = :key")
                .param("key", emailKey).query(SubscriberAdminRepository::detail).optional();
    }

    public List<Event> findEvents(long subscriberId) {
        return jdbc.sql("""
                        select id, at, kind, status_after, ip, user_agent, form, consent_text, consent_version, detail
                          from subscriber_event
                         where subscriber_id = :id
                         order by at, id""")
                .param("id", subscriberId)
                .query((rs, i) -> new Event(rs.getLong("id"), instant(rs, "at"), rs.getString("kind"),
                        rs.getString("status_after"), rs.getString("ip"), rs.getString("user_agent"),
                        rs.getString("form"), rs.getString("consent_text"), rs.getString("consent_version"),
                        rs.getString("detail")))
                .list();
    }

    public List<Token> findTokens(long subscriberId) {
        return jdbc.sql("""
                        select created_at, expires_at, used_at from confirmation_token
                         where subscriber_id = :id order by created_at""")
                .param("id", subscriberId)
                .query((rs, i) -> new Token(instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "used_at")))
                .list();
    }

    public Optional<Suppression> findSuppression(String emailHash) {
        return jdbc.sql("select reason, created_at, detail from suppression where email_hash = :hash")
                .param("hash", emailHash)
                .query((rs, i) -> new Suppression(rs.getString("reason"), instant(rs, "created_at"), rs.getString("detail")))
                .optional();
    }

    // ---- changes

    public long insert(NewSubscriber s) {
        insertBatch(List.of(s));
        return jdbc.sql("select id from subscriber where email_key = :key").param("key", s.emailKey())
                .query(Long.class).single();
    }

    /** Inserts the rows and one event each, as two JDBC batches (the caller holds the transaction). */
    public void insertBatch(List<NewSubscriber> rows) {
        named.getJdbcTemplate().batchUpdate("""
                        insert into subscriber (email, email_key, name, status, token, categories, text_only, soft_bounces,
                                                created_at, updated_at, confirmed_at)
                        values (?, ?, ?, ?, ?, ?, false, 0, ?, ?, ?)""",
                rows, rows.size(), (ps, s) -> {
                    ps.setString(1, s.email());
                    ps.setString(2, s.emailKey());
                    ps.setString(3, s.name());
                    ps.setString(4, s.status().dbValue());
                    ps.setString(5, s.token());
                    ps.setString(6, s.categories());
                    ps.setObject(7, ts(s.createdAt()));
                    ps.setObject(8, ts(s.createdAt()));
                    ps.setObject(9, ts(s.confirmedAt()));
                });
        named.getJdbcTemplate().batchUpdate("""
                        insert into subscriber_event (subscriber_id, at, kind, status_after, form, consent_text, detail)
                        select id, ?, ?, ?, ?, ?, ? from subscriber where email_key = ?""",
                rows, rows.size(), (ps, s) -> {
                    ps.setObject(1, ts(s.createdAt()));
                    ps.setString(2, s.eventKind());
                    ps.setString(3, s.status().dbValue());
                    ps.setString(4, s.form());
                    ps.setString(5, s.consentText());
                    ps.setString(6, s.detail());
                    ps.setString(7, s.emailKey());
                });
    }

    /** Status by address key, for the keys that are in the list. */
    public Map<String, SubscriberStatus> findStatusByEmailKeys(Collection<String> keys) {
        Map<String, SubscriberStatus> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        jdbc.sql("select email_key, status from subscriber where email_key in (:keys)")
                .param("keys", keys)
                .query((rs, i) -> found.put(rs.getString("email_key"), SubscriberStatus.fromDb(rs.getString("status"))))
                .list();
        return found;
    }

    public Set<String> findSuppressedHashes(Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select email_hash from suppression where email_hash in (:hashes)")
                .param("hashes", hashes).query(String.class).list());
    }

    public List<Long> findIdsByEmailKeys(Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select id from subscriber where email_key in (:keys) order by id")
                .param("keys", keys).query(Long.class).list();
    }

    /** Moves a subscriber to {@code status} with an event; a no-op (0) if it already is there. */
    public int changeStatus(long id, SubscriberStatus status, Instant now, String kind, String form, String detail) {
        int changed = jdbc.sql("""
                        update subscriber
                           set status = :status, updated_at = :now,
                               confirmed_at = case when :status = 'confirmed' then :now else confirmed_at end
                         where id = :id and status <> :status""")
                .param("status", status.dbValue()).param("now", ts(now)).param("id", id).update();
        if (changed > 0) {
            jdbc.sql("""
                    insert into subscriber_event (subscriber_id, at, kind, status_after, form, detail)
                    values (:id, :now, :kind, :status, :form, :detail)""")
                    .param("id", id).param("now", ts(now)).param("kind", kind).param("status", status.dbValue())
                    .param("form", form).param("detail", detail).update();
        }
        return changed;
    }

    /** Events and opt-in tokens go with the row (on delete cascade). */
    public int deleteById(long id) {
        return jdbc.sql("delete from subscriber where id = :id").param("id", id).update();
    }

    // ---- the chart

    /**
     * Every status change, counted per day (in the session time zone, UTC on a server set to UTC) and pair of statuses: from this the chart adds
     * up how many subscribers were in each status at the end of each day.
     */
    public List<Transition> dailyTransitions() {
        return jdbc.sql("""
                        select event_day, prev_status, status_after, count(*) as n from (
                          select cast(cast(at as timestamp) as date) as event_day, status_after,
                                 lag(status_after) over (partition by subscriber_id order by at, id) as prev_status
                            from subscriber_event
                        ) t
                        group by event_day, prev_status, status_after
                        order by event_day""")
                .query((rs, i) -> new Transition(rs.getObject("event_day", LocalDate.class), rs.getString("prev_status"),
                        rs.getString("status_after"), rs.getLong("n")))
                .list();
    }

    static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                SubscriberStatus.fromDb(rs.getString("status")), instant(rs, "created_at"), instant(rs, "confirmed_at"),
                rs.getString("email_key"), rs.getString("name_key"));
    }

    private static Detail detail(ResultSet rs, int i) throws SQLException {
        return new Detail(rs.getLong("id"), rs.getString("email"), rs.getString("email_key"), rs.getString("name"),
                SubscriberStatus.fromDb(rs.getString("status")), rs.getString("categories"), rs.getBoolean("text_only"),
                instant(rs, "paused_until"), rs.getInt("soft_bounces"), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "confirmed_at"));
    }
}
