package com.verdictdigest.subscribers;

import static com.verdictdigest.system.SqlTime.instant;
import static com.verdictdigest.system.SqlTime.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import com.verdictdigest.mail.EmailAddress;
/**
 * The core SQL of subscribers, their history and their confirmation tokens: one statement per
 * method. Status changes are conditional updates, so a concurrent change is seen as "0 rows".
 */
@Repository
public class SubscriberRepository {

    private static final String COLUMNS = """
            id, email, email_key, name, status, token, categories, text_only, paused_until, created_at, confirmed_at""";

    private final JdbcClient jdbc;

    public SubscriberRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- subscribers

    public Optional<Subscriber> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from subscriber where id = :id")
                .param("id", id).query(SubscriberRepository::subscriber).optional();
    }

    /** By the opaque token of the unsubscribe and preferences links. */
    public Optional<Subscriber> findByToken(String token) {
        if (!Tokens.linkSafe(token)) {
            return Optional.empty();
        }
        return jdbc.sql("select " + COLUMNS + " from subscriber where token = :token")
                .param("token", token).query(SubscriberRepository::subscriber).optional();
    }

    /** By {@link EmailAddress#key()}. */
    public Optional<Subscriber> findByEmailKey(String emailKey) {
        return jdbc.sql("select " + COLUMNS + " from subscriber where email_key = :key")
                .param("key", emailKey).query(SubscriberRepository::subscriber).optional();
    }

    /** Locks the row until the transaction ends, so concurrent sign-ups of one address queue up. */
    public Optional<Subscriber> findByEmailKeyForUpdate(String emailKey) {
        return jdbc.sql("select " + COLUMNS + " from subscriber where email_key = :key for update")
                .param("key", emailKey).query(SubscriberRepository::subscriber).optional();
    }

    public long insert(EmailAddress email, String name, SubscriberStatus status, String token, Set<String> categories,
                       Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into subscriber (email, email_key, name, status, token, categories, created_at, updated_at,
                                        confirmed_at)
                values (:email, :key, :name, :status, :token, :categories, :now, :now, :confirmedAt)""")
                .param("email", email.address())
                .param("key", email.key())
                .param("name", name)
                .param("status", status.dbValue())
                .param("token", token)
                .param("categories", categoriesColumn(categories))
                .param("now", ts(now))
                .param("confirmedAt", status == SubscriberStatus.CONFIRMED ? ts(now) : null)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /** A new sign-up request for a pending or unsubscribed subscriber: pending again, with what was asked for. */
    public int renewSignup(long id, EmailAddress email, String name, Set<String> categories, Instant now) {
        return jdbc.sql("""
                update subscriber
                   set email = :email, name = :name, categories = :categories, status = 'pending', updated_at = :now
                 where id = :id and status in ('pending', 'unsubscribed')""")
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

    public int updatePreferences(long id, String name, Set<String> categories, boolean textOnly, Instant pausedUntil,
                                 Instant now) {
        return jdbc.sql("""
                update subscriber
                   set name = :name, categories = :categories, text_only = :textOnly, paused_until = :pausedUntil,
                       updated_at = :now
                 where id = :id""")
                .param("id", id)
                .param("name", name)
                .param("categories", categoriesColumn(categories))
                .param("textOnly", textOnly)
                .param("pausedUntil", ts(pausedUntil))
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

    static Subscriber subscriber(ResultSet rs, int row) throws SQLException {
        return new Subscriber(rs.getLong("id"), rs.getString("email"), rs.getString("email_key"), rs.getString("name"),
                SubscriberStatus.fromDb(rs.getString("status")), rs.getString("token"),
                categoriesOf(rs.getString("categories")), rs.getBoolean("text_only"), instant(rs, "paused_until"),
                instant(rs, "created_at"), instant(rs, "confirmed_at"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
