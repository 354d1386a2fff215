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
import java.util.Map;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import com.verdictdigest.mail.EmailAddress;
/**
 * All SQL on the subscriber tables (subscriber, subscriber_event, confirmation_token, and the
 * reads of suppression), one statement per method, named after what it does: the rows, their
 * history, opt-in tokens, the admin list and its chart. Status changes are conditional updates,
 * so a concurrent change is seen as "0 rows". Other modules never see this class: they call
 * {@link Suppressions}, {@link SubscriberBounces} or read the {@code subscriber_recipient} view.
 */
@Repository
public class SubscriberRepository {

    private static final String COLUMNS = """
            id, email, email_key, name, status, categories, text_only, show_votes, paused_until, soft_bounces,
            created_at, updated_at, confirmed_at, time_zone""";

    /** One line of the admin list. */
    public record Row(long id, String email, String name, SubscriberStatus status, Instant createdAt, Instant confirmedAt,
                      String emailKey, String nameKey, String timeZone) {
    }


    /** An opt-in token's life (its hash stays in the database only). */
    public record Token(Instant createdAt, Instant expiresAt, Instant usedAt) {
    }

    /** A suppression entry. */
    public record Suppression(String reason, Instant createdAt, String detail) {
    }

    /** A row to insert, with the event that explains it. */
    public record NewSubscriber(String email, String emailKey, String name, SubscriberStatus status,
                                String categories, Instant createdAt, Instant confirmedAt,
                                String eventKind, String form, String consentText, String detail, String timeZone) {

        /** Without a time zone: the reader gets the list's default zone. */
        public NewSubscriber(String email, String emailKey, String name, SubscriberStatus status,
                             String categories, Instant createdAt, Instant confirmedAt,
                             String eventKind, String form, String consentText, String detail) {
            this(email, emailKey, name, status, categories, createdAt, confirmedAt, eventKind, form, consentText,
                    detail, null);
        }
    }

    /** How many subscribers moved from one status to another on a day (from is null for new ones). */
    public record Transition(LocalDate day, String from, String to, long count) {
    }

    private static final String ROW_COLUMNS = "id, email, name, status, created_at, confirmed_at, email_key, name_key, time_zone";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final SubscriberTokens tokens;

    public SubscriberRepository(DataSource dataSource, SubscriberTokens tokens) {
        this.jdbc = JdbcClient.create(dataSource);
        this.batch = new JdbcTemplate(dataSource);
        this.tokens = tokens;
    }

    // ---- subscribers

    public Optional<Subscriber> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from subscriber where id = :id")
                .param("id", id).query(this::subscriber).optional();
    }

    /** Those of {@code ids} that exist, by id. */
    public List<Subscriber> findByIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from subscriber where id in (:ids) order by id")
                .param("ids", ids).query(this::subscriber).list();
    }

    /**
     * By the token of the unsubscribe and preferences links and the List-Unsubscribe mailto: one
     * of {@link SubscriberTokens} (its id, once the MAC checks), else a token of release 0.1 by its
     * SHA-256 (the only form in which those are kept, also the VERP token of mail sent then).
     */
    public Optional<Subscriber> findByToken(String token) {
        var id = tokens.verify(token);
        if (id.isPresent()) {
            return findById(id.getAsLong());
        }
        if (!Tokens.linkSafe(token)) {
            return Optional.empty();
        }
        return jdbc.sql("select " + COLUMNS + " from subscriber where legacy_token_hash = :hash")
                .param("hash", SubscriberTokens.legacyHash(token)).query(this::subscriber).optional();
    }

    /** By {@link EmailAddress#key()}. */
    public Optional<Subscriber> findByEmailKey(String emailKey) {
        return jdbc.sql("select " + COLUMNS + " from subscriber where email_key = :key")
                .param("key", emailKey).query(this::subscriber).optional();
    }

    /** Locks the row until the transaction ends, so concurrent sign-ups of one address queue up. */
    public Optional<Subscriber> findByEmailKeyForUpdate(String emailKey) {
        return jdbc.sql("select " + COLUMNS + " from subscriber where email_key = :key for update")
                .param("key", emailKey).query(this::subscriber).optional();
    }

    /**
     * A sign-up: the row only (its event, with the consent evidence, is {@link #insertEvent}).
     *
     * @param timeZone the reader's zone as {@link ReaderTimeZones#parse} gives it; null: not known
     */
    public long insert(EmailAddress email, String name, SubscriberStatus status, Set<String> categories, Instant now,
                       String timeZone) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into subscriber (email, email_key, name, status, categories, created_at, updated_at, confirmed_at,
                                        time_zone)
                values (:email, :key, :name, :status, :categories, :now, :now, :confirmedAt, :timeZone)""")
                .param("email", email.address())
                .param("key", email.key())
                .param("name", name)
                .param("status", status.dbValue())
                .param("categories", categoriesColumn(categories))
                .param("now", ts(now))
                .param("confirmedAt", status == SubscriberStatus.CONFIRMED ? ts(now) : null)
                .param("timeZone", timeZone)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /**
     * A new sign-up request for a pending or unsubscribed subscriber: pending again, with what was
     * asked for; a zone the browser sent replaces the stored one, none keeps it.
     */
    public int renewSignup(long id, EmailAddress email, String name, Set<String> categories, Instant now, String timeZone) {
        return jdbc.sql("""
                update subscriber
                   set email = :email, name = :name, categories = :categories, status = 'pending', updated_at = :now,
                       time_zone = coalesce(:timeZone, time_zone)
                 where id = :id and status in ('pending', 'unsubscribed')""")
                .param("timeZone", timeZone)
                .param("id", id)
                .param("email", email.address())
                .param("name", name)
                .param("categories", categoriesColumn(categories))
                .param("now", ts(now))
                .update();
    }

    public int confirm(long id, Instant now) {
        return jdbc.sql("""
                update subscriber set status = 'confirmed', confirmed_at = :now, updated_at = :now
                 where id = :id and status = 'pending'""")
                .param("id", id).param("now", ts(now)).update();
    }

    public int unsubscribe(long id, Instant now) {
        return jdbc.sql("""
                update subscriber set status = 'unsubscribed', updated_at = :now
                 where id = :id and status in ('pending', 'confirmed')""")
                .param("id", id).param("now", ts(now)).update();
    }

    /**
     * Counts a soft bounce: one more if the previous came after {@code windowStart}, else the
     * count starts again at 1.
     *
     * @return the new count
     */
    public int incrementSoftBounces(long id, Instant now, Instant windowStart) {
        jdbc.sql("""
                update subscriber
                   set soft_bounces = case when soft_bounce_at >= :windowStart then soft_bounces + 1 else 1 end,
                       soft_bounce_at = :now, updated_at = :now
                 where id = :id""")
                .param("windowStart", ts(windowStart)).param("now", ts(now)).param("id", id)
                .update();
        return jdbc.sql("select soft_bounces from subscriber where id = :id")
                .param("id", id).query(Integer.class).single();
    }

    /** One subscriber added by an admin, with the event that explains it. */
    public long insertWithEvent(NewSubscriber s) {
        insertWithEvents(List.of(s));
        return jdbc.sql("select id from subscriber where email_key = :key").param("key", s.emailKey())
                .query(Long.class).single();
    }

    /** Inserts the rows and one event each, as two JDBC batches (the caller holds the transaction): the CSV import. */
    public void insertWithEvents(List<NewSubscriber> rows) {
        batch.batchUpdate("""
                        insert into subscriber (email, email_key, name, status, categories, text_only, soft_bounces,
                                                created_at, updated_at, confirmed_at, time_zone)
                        values (?, ?, ?, ?, ?, false, 0, ?, ?, ?, ?)""",
                rows, rows.size(), (ps, s) -> {
                    ps.setString(1, s.email());
                    ps.setString(2, s.emailKey());
                    ps.setString(3, s.name());
                    ps.setString(4, s.status().dbValue());
                    ps.setString(5, s.categories());
                    ps.setObject(6, ts(s.createdAt()));
                    ps.setObject(7, ts(s.createdAt()));
                    ps.setObject(8, ts(s.confirmedAt()));
                    ps.setString(9, s.timeZone());
                });
        batch.batchUpdate("""
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
            insertEvent(id, now, kind, status, new ConsentEvidence(null, null, form, null, null), detail);
        }
        return changed;
    }

    /** Events and opt-in tokens go with the row (on delete cascade). */
    public int deleteById(long id) {
        return jdbc.sql("delete from subscriber where id = :id").param("id", id).update();
    }

    /** @param timeZone the reader's time zone; null: not known (the list's default zone) */
    public int updatePreferences(long id, String name, Set<String> categories, boolean textOnly, boolean showVotes,
                                 Instant pausedUntil, String timeZone, Instant now) {
        return jdbc.sql("""
                update subscriber
                   set name = :name, categories = :categories, text_only = :textOnly, show_votes = :showVotes,
                       paused_until = :pausedUntil, time_zone = :timeZone, updated_at = :now
                 where id = :id""")
                .param("id", id)
                .param("name", name)
                .param("categories", categoriesColumn(categories))
                .param("textOnly", textOnly)
                .param("showVotes", showVotes)
                .param("pausedUntil", ts(pausedUntil))
                .param("timeZone", timeZone)
                .param("now", ts(now))
                .update();
    }

    /** Never-confirmed sign-ups whose last request is older than the cutoff: nothing of theirs is worth keeping. */
    public int deleteUnconfirmedPendingBefore(Instant cutoff) {
        return jdbc.sql("""
                delete from subscriber
                 where status = 'pending' and confirmed_at is null and updated_at < :cutoff""")
                .param("cutoff", ts(cutoff)).update();
    }

    /** Former subscribers who asked to come back but never confirmed: history kept, back to unsubscribed. */
    public int insertOptInExpiredEvents(Instant cutoff, Instant now) {
        return jdbc.sql("""
                insert into subscriber_event (subscriber_id, at, kind, status_after, detail)
                select id, :now, 'opt-in-expired', 'unsubscribed', 'renewed sign-up was not confirmed in time'
                  from subscriber
                 where status = 'pending' and confirmed_at is not null and updated_at < :cutoff""")
                .param("cutoff", ts(cutoff)).param("now", ts(now)).update();
    }

    public int revertUnconfirmedRenewalsBefore(Instant cutoff, Instant now) {
        return jdbc.sql("""
                update subscriber set status = 'unsubscribed', updated_at = :now
                 where status = 'pending' and confirmed_at is not null and updated_at < :cutoff""")
                .param("cutoff", ts(cutoff)).param("now", ts(now)).update();
    }

    // ---- history and consent evidence

    public void insertEvent(long subscriberId, Instant at, String kind, SubscriberStatus statusAfter,
                            ConsentEvidence evidence, String detail) {
        ConsentEvidence e = evidence == null ? new ConsentEvidence(null, null, null, null, null) : evidence;
        jdbc.sql("""
                insert into subscriber_event (subscriber_id, at, kind, status_after, ip, user_agent, form,
                                              consent_text, consent_version, detail)
                values (:subscriberId, :at, :kind, :statusAfter, :ip, :userAgent, :form,
                        :consentText, :consentVersion, :detail)""")
                .param("subscriberId", subscriberId)
                .param("at", ts(at))
                .param("kind", kind)
                .param("statusAfter", statusAfter.dbValue())
                .param("ip", cut(e.ip(), 45))
                .param("userAgent", cut(e.userAgent(), 500))
                .param("form", cut(e.form(), 100))
                .param("consentText", cut(e.consentText(), 2000))
                .param("consentVersion", cut(e.consentVersion(), 32))
                .param("detail", cut(detail, 2000))
                .update();
    }

    public List<SubscriberEvent> findEvents(long subscriberId) {
        return jdbc.sql("""
                select id, subscriber_id, at, kind, status_after, ip, user_agent, form, consent_text, consent_version,
                       detail
                  from subscriber_event where subscriber_id = :id order by at, id""")
                .param("id", subscriberId)
                .query((rs, n) -> new SubscriberEvent(rs.getLong("id"), rs.getLong("subscriber_id"), instant(rs, "at"),
                        rs.getString("kind"), SubscriberStatus.fromDb(rs.getString("status_after")), rs.getString("ip"),
                        rs.getString("user_agent"), rs.getString("form"), rs.getString("consent_text"),
                        rs.getString("consent_version"), rs.getString("detail")))
                .list();
    }

    public long countEventsSince(long subscriberId, String kind, Instant since) {
        return jdbc.sql("""
                select count(*) from subscriber_event where subscriber_id = :id and kind = :kind and at > :since""")
                .param("id", subscriberId).param("kind", kind).param("since", ts(since))
                .query(Long.class).single();
    }

    // ---- confirmation tokens (only their SHA-256 is stored)

    /** A stored confirmation token. */
    public record ConfirmationToken(String tokenHash, long subscriberId, Instant createdAt, Instant expiresAt,
                                    Instant usedAt) {
    }

    public void insertConfirmationToken(String tokenHash, long subscriberId, Instant now, Instant expiresAt) {
        jdbc.sql("""
                insert into confirmation_token (token_hash, subscriber_id, created_at, expires_at)
                values (:hash, :subscriberId, :now, :expiresAt)""")
                .param("hash", tokenHash).param("subscriberId", subscriberId)
                .param("now", ts(now)).param("expiresAt", ts(expiresAt))
                .update();
    }

    public Optional<ConfirmationToken> findConfirmationToken(String tokenHash) {
        return jdbc.sql("""
                select token_hash, subscriber_id, created_at, expires_at, used_at
                  from confirmation_token where token_hash = :hash""")
                .param("hash", tokenHash)
                .query((rs, n) -> new ConfirmationToken(rs.getString("token_hash"), rs.getLong("subscriber_id"),
                        instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "used_at")))
                .optional();
    }

    /** Uses the token if it is unused and unexpired: 1 if this call used it, 0 otherwise (also under races). */
    public int useConfirmationToken(String tokenHash, Instant now) {
        return jdbc.sql("""
                update confirmation_token set used_at = :now
                 where token_hash = :hash and used_at is null and expires_at > :now""")
                .param("hash", tokenHash).param("now", ts(now)).update();
    }

    /** Once one link confirmed, the other links of the same sign-up are spent too. */
    public int retireOpenConfirmationTokens(long subscriberId, Instant now) {
        return jdbc.sql("""
                update confirmation_token set used_at = :now where subscriber_id = :id and used_at is null""")
                .param("id", subscriberId).param("now", ts(now)).update();
    }

    public long countConfirmationTokensSince(long subscriberId, Instant since) {
        return jdbc.sql("""
                select count(*) from confirmation_token where subscriber_id = :id and created_at > :since""")
                .param("id", subscriberId).param("since", ts(since)).query(Long.class).single();
    }

    public int deleteConfirmationTokensExpiredBefore(Instant cutoff) {
        return jdbc.sql("delete from confirmation_token where expires_at < :cutoff")
                .param("cutoff", ts(cutoff)).update();
    }

    // ---- the admin list

    public List<Row> pageNewestFirst(long beforeId, int limit) {
        return jdbc.sql("select " + ROW_COLUMNS + """
                         from subscriber
                        where id < :before
                        order by id desc fetch first :limit rows only""")
                .param("before", beforeId).param("limit", limit)
                .query(SubscriberRepository::row).list();
    }

    /** Walks the (status, id) index. */
    public List<Row> pageByStatus(SubscriberStatus status, long beforeId, int limit) {
        return jdbc.sql("select " + ROW_COLUMNS + """
                         from subscriber
                        where status = :status and id < :before
                        order by id desc fetch first :limit rows only""")
                .param("status", status.dbValue()).param("before", beforeId).param("limit", limit)
                .query(SubscriberRepository::row).list();
    }

    /**
     * Readers of one time zone (null: those whose zone is not known), newest first, walking the
     * (time_zone, id) index as {@link #pageByStatus} walks (status, id).
     */
    public List<Row> pageByTimeZone(String timeZone, long beforeId, int limit) {
        return jdbc.sql("select " + ROW_COLUMNS + (timeZone == null ? """
                         from subscriber
                        where time_zone is null and id < :before
                        order by id desc fetch first :limit rows only""" : """
                         from subscriber
                        where time_zone = :timeZone and id < :before
                        order by id desc fetch first :limit rows only"""))
                .param("timeZone", timeZone).param("before", beforeId).param("limit", limit)
                .query(SubscriberRepository::row).list();
    }

    /**
     * {@link #pageByTimeZone} within one status: the zone's index leads, the status is checked on
     * each row (written so that no index serves it, as in {@link #searchByAddressAndStatus}).
     */
    public List<Row> pageByTimeZoneAndStatus(String timeZone, SubscriberStatus status, long beforeId, int limit) {
        return jdbc.sql("select " + ROW_COLUMNS + (timeZone == null ? """
                         from subscriber
                        where time_zone is null and id < :before and coalesce(status, '') = :status
                        order by id desc fetch first :limit rows only""" : """
                         from subscriber
                        where time_zone = :timeZone and id < :before and coalesce(status, '') = :status
                        order by id desc fetch first :limit rows only"""))
                .param("timeZone", timeZone).param("status", status.dbValue()).param("before", beforeId)
                .param("limit", limit)
                .query(SubscriberRepository::row).list();
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
                .query(SubscriberRepository::row).list();
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
                .query(SubscriberRepository::row).list();
    }

    /**
     * Addresses at exactly {@code domain} (the ASCII form, lower case), in address order, keyset on
     * the address key over the (domain_key, email_key) index (V67).
     */
    public List<Row> searchByDomain(String domain, String afterKey, int limit) {
        return jdbc.sql("select " + ROW_COLUMNS + """
                         from subscriber
                        where domain_key = :domain and email_key > :after
                        order by domain_key, email_key fetch first :limit rows only""")
                .param("domain", domain).param("after", afterKey).param("limit", limit)
                .query(SubscriberRepository::row).list();
    }

    /** {@link #searchByDomain} within one status (the status test kept off the indexes, as above). */
    public List<Row> searchByDomainAndStatus(String domain, SubscriberStatus status, String afterKey, int limit) {
        return jdbc.sql("select " + ROW_COLUMNS + """
                         from subscriber
                        where domain_key = :domain and email_key > :after and coalesce(status, '') = :status
                        order by domain_key, email_key fetch first :limit rows only""")
                .param("domain", domain).param("after", afterKey).param("status", status.dbValue()).param("limit", limit)
                .query(SubscriberRepository::row).list();
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
                .query(SubscriberRepository::row).list();
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
                .query(SubscriberRepository::row).list();
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

    // ---- the suppression list (hashes of address keys: they outlive an erased subscriber)

    public boolean isSuppressed(String emailHash) {
        return jdbc.sql("select count(*) from suppression where email_hash = :hash")
                .param("hash", emailHash).query(Long.class).single() > 0;
    }

    public void insertSuppression(String emailHash, String reason, Instant now, String detail) {
        jdbc.sql("""
                insert into suppression (email_hash, reason, created_at, detail)
                values (:hash, :reason, :now, :detail)""")
                .param("hash", emailHash).param("reason", reason).param("now", ts(now)).param("detail", cut(detail, 500))
                .update();
    }

    /** Keeps the entry and its reason, replaces what it said (an erasure: a bounce's words may name the address). */
    public int replaceSuppressionDetail(String emailHash, String detail) {
        return jdbc.sql("update suppression set detail = :detail where email_hash = :hash")
                .param("detail", cut(detail, 500)).param("hash", emailHash).update();
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


    // ---- the sign-up outbox (SignupService records, SignupOutbox works)

    /** A recorded sign-up request, not yet worked. */
    public record OutboxRow(long id, String email, String name, Set<String> categories, String timeZone,
                            ConsentEvidence evidence, Instant requestedAt, int attempts) {
    }

    /** @param timeZone the browser's zone as {@link ReaderTimeZones#parse} gives it; null: not known */
    public long insertOutbox(String email, String name, Set<String> categories, String timeZone, ConsentEvidence evidence,
                             Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into subscriber_outbox (email, name, categories, time_zone, ip, user_agent, form, consent_text,
                                               consent_version, requested_at, due_at)
                values (:email, :name, :categories, :timeZone, :ip, :userAgent, :form, :consentText, :consentVersion,
                        :now, :now)""")
                .param("email", email)
                .param("name", name)
                .param("categories", categoriesColumn(categories))
                .param("timeZone", timeZone)
                .param("ip", cut(evidence.ip(), 45))
                .param("userAgent", cut(evidence.userAgent(), 500))
                .param("form", cut(evidence.form(), 100))
                .param("consentText", cut(evidence.consentText(), 2000))
                .param("consentVersion", cut(evidence.consentVersion(), 32))
                .param("now", ts(now))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /** Ids of requests due now and not held by a worker, oldest first. */
    public List<Long> dueOutbox(Instant now, int limit) {
        return jdbc.sql("""
                select id from subscriber_outbox
                 where due_at <= :now and (claimed_until is null or claimed_until < :now)
                 order by due_at, id
                 fetch first :limit rows only""")
                .param("now", ts(now)).param("limit", limit)
                .query(Long.class).list();
    }

    /** @return true if this worker now holds the row until {@code until} */
    public boolean claimOutbox(long id, Instant now, Instant until) {
        return jdbc.sql("""
                update subscriber_outbox set claimed_until = :until
                 where id = :id and due_at <= :now and (claimed_until is null or claimed_until < :now)""")
                .param("id", id).param("now", ts(now)).param("until", ts(until))
                .update() == 1;
    }

    public Optional<OutboxRow> findOutbox(long id) {
        return jdbc.sql("select * from subscriber_outbox where id = :id").param("id", id)
                .query((rs, n) -> new OutboxRow(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                        categoriesOf(rs.getString("categories")), rs.getString("time_zone"),
                        new ConsentEvidence(rs.getString("ip"), rs.getString("user_agent"), rs.getString("form"),
                                rs.getString("consent_text"), rs.getString("consent_version")),
                        instant(rs, "requested_at"), rs.getInt("attempts")))
                .optional();
    }

    public int deleteOutbox(long id) {
        return jdbc.sql("delete from subscriber_outbox where id = :id").param("id", id).update();
    }

    /** An erasure: requests not yet worked that are for this address (as its key; the outbox holds a few rows). */
    int deleteOutboxFor(EmailAddress address) {
        List<Long> ids = jdbc.sql("select id, email from subscriber_outbox").query((rs, n) -> {
            try {
                return EmailAddress.parse(rs.getString("email")).key().equals(address.key()) ? rs.getLong("id") : null;
            } catch (com.verdictdigest.mail.InvalidEmailException e) {
                return null;
            }
        }).list().stream().filter(java.util.Objects::nonNull).toList();
        ids.forEach(this::deleteOutbox);
        return ids.size();
    }

    /** Puts a request back for a later attempt, with the reason this one failed. */
    public int retryOutbox(long id, int attempts, String error, Instant dueAt) {
        return jdbc.sql("""
                update subscriber_outbox set attempts = :attempts, last_error = :error, due_at = :due, claimed_until = null
                 where id = :id""")
                .param("id", id).param("attempts", attempts).param("error", cut(error, 500)).param("due", ts(dueAt))
                .update();
    }

    public long countOutbox() {
        return jdbc.sql("select count(*) from subscriber_outbox").query(Long.class).single();
    }

    // ---- mapping

    static String categoriesColumn(Set<String> categories) {
        if (categories == null || categories.isEmpty()) {
            return null;
        }
        for (String c : categories) {
            if (c.isBlank() || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a category name must be one non-blank line: '" + c + "'");
            }
        }
        return categories.stream().sorted().collect(Collectors.joining("\n"));
    }

    static Set<String> categoriesOf(String column) {
        return column == null || column.isBlank() ? Set.of()
                : Arrays.stream(column.split("\n")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
    }

    /** The row; its link token is recomputed, never read (it is not stored). */
    private Subscriber subscriber(ResultSet rs, int row) throws SQLException {
        long id = rs.getLong("id");
        return new Subscriber(id, rs.getString("email"), rs.getString("email_key"), rs.getString("name"),
                SubscriberStatus.fromDb(rs.getString("status")), tokens.forSubscriber(id),
                categoriesOf(rs.getString("categories")), rs.getBoolean("text_only"), rs.getBoolean("show_votes"),
                instant(rs, "paused_until"),
                rs.getInt("soft_bounces"), instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "confirmed_at"),
                rs.getString("time_zone"));
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                SubscriberStatus.fromDb(rs.getString("status")), instant(rs, "created_at"), instant(rs, "confirmed_at"),
                rs.getString("email_key"), rs.getString("name_key"), rs.getString("time_zone"));
    }


    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
