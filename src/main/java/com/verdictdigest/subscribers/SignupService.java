package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.system.SqlTime;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Double opt-in, the first half: a request to join becomes a pending subscriber and a
 * confirmation mail. Whatever the address's state, callers learn nothing they may show the
 * requester beyond "check your inbox"; the {@link Outcome} is for logs, tests and the admin.
 */
@Service
public class SignupService {

    /** What a sign-up request led to. Never show this to the person who asked. */
    public enum Outcome {
        /** a confirmation mail went out */
        CONFIRMATION_SENT,
        /** the address is confirmed already; a "you are already subscribed" mail went out */
        ALREADY_SUBSCRIBED_SENT,
        /** the per-address daily mail limit is reached; nothing was sent */
        DAILY_LIMIT_REACHED,
        /** suppressed, bounced or complained: never mailed again */
        NOT_MAILABLE
    }

    private static final Duration DAY = Duration.ofHours(24);

    private final SubscriberRepository repository;
    private final Suppressions suppressions;
    private final SubscriberMailer mailer;
    private final ConfirmationMail confirmations;
    private final SubscribersProperties properties;
    private final Clock clock;
    private final TransactionTemplate tx;

    SignupService(SubscriberRepository repository, Suppressions suppressions, SubscriberMailer mailer,
                  ConfirmationMail confirmations, SubscribersProperties properties, Clock clock,
                  PlatformTransactionManager transactionManager) {
        this.repository = repository;
        this.suppressions = suppressions;
        this.mailer = mailer;
        this.confirmations = confirmations;
        this.properties = properties;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactionManager);
    }

    /**
     * Asks the address to confirm (or tells it that it is subscribed already), within the daily
     * mail limit, and records the request with its evidence. The mail is sent inside the
     * transaction: if the mail server refuses it, nothing is recorded and the caller gets the
     * {@link org.springframework.mail.MailException}.
     *
     * @param name       optional display name; one line, at most 200 characters
     * @param categories tool categories to receive; empty for all
     */
    public Outcome requestOptIn(EmailAddress email, String name, Set<String> categories, ConsentEvidence evidence) {
        String cleanName = cleanName(name);
        Set<String> cleanCategories = categories == null ? Set.of() : Set.copyOf(categories);
        SubscriberRepository.categoriesColumn(cleanCategories);
        try {
            return tx.execute(status -> optIn(email, cleanName, cleanCategories, evidence));
        } catch (DuplicateKeyException e) {
            // A concurrent first sign-up of the same address won the insert; this one is now a repeat.
            return tx.execute(status -> optIn(email, cleanName, cleanCategories, evidence));
        }
    }

    private Outcome optIn(EmailAddress email, String name, Set<String> categories, ConsentEvidence evidence) {
        Instant now = SqlTime.now(clock);
        if (suppressions.isSuppressed(email)) {
            return Outcome.NOT_MAILABLE;
        }
        Optional<Subscriber> existing = repository.findByEmailKeyForUpdate(email.key());
        if (existing.isEmpty()) {
            long id = repository.insert(email, name, SubscriberStatus.PENDING, Tokens.newToken(), categories, now);
            repository.insertEvent(id, now, "signup", SubscriberStatus.PENDING, evidence, null);
            return sendConfirmation(id, email, name, now);
        }
        Subscriber s = existing.get();
        int limit = properties.maxConfirmationMailsPerDay();
        switch (s.status()) {
            case CONFIRMED -> {
                if (repository.countEventsSince(s.id(), "signup-repeat", now.minus(DAY)) >= limit) {
                    repository.insertEvent(s.id(), now, "signup-repeat-limited", s.status(), evidence,
                            "already subscribed; daily mail limit reached, nothing sent");
                    return Outcome.DAILY_LIMIT_REACHED;
                }
                repository.insertEvent(s.id(), now, "signup-repeat", s.status(), evidence,
                        "already subscribed; told so by mail");
                mailer.sendAlreadySubscribed(email, s);
                return Outcome.ALREADY_SUBSCRIBED_SENT;
            }
            case PENDING, UNSUBSCRIBED -> {
                if (confirmations.dailyLimitReached(s.id(), now)) {
                    repository.insertEvent(s.id(), now, "signup-limited", s.status(), evidence,
                            "daily confirmation mail limit reached, nothing sent");
                    return Outcome.DAILY_LIMIT_REACHED;
                }
                repository.renewSignup(s.id(), email, name, categories, now);
                repository.insertEvent(s.id(), now, "signup", SubscriberStatus.PENDING, evidence,
                        s.status() == SubscriberStatus.UNSUBSCRIBED ? "returning after unsubscribing" : null);
                return sendConfirmation(s.id(), email, name, now);
            }
            default -> {
                return Outcome.NOT_MAILABLE;
            }
        }
    }

    private Outcome sendConfirmation(long subscriberId, EmailAddress email, String name, Instant now) {
        confirmations.send(subscriberId, email, name, now);
        return Outcome.CONFIRMATION_SENT;
    }

    /**
     * Removes sign-ups left unconfirmed for {@code verdict.subscribers.pending-ttl} (7 days) since
     * their last request: never-confirmed ones are deleted; former subscribers who asked to come
     * back return to unsubscribed, history kept. Also drops confirmation tokens expired that long.
     * The one purge, whoever created the sign-up (form, API, import, admin).
     *
     * @return how many pending sign-ups were purged
     */
    @Transactional
    public int purgePending() {
        return purgePending(properties.pendingTtl());
    }

    /** As {@link #purgePending()}, with another age (the CLI's {@code --older-than-days}). */
    @Transactional
    public int purgePending(Duration olderThan) {
        if (olderThan.isNegative() || olderThan.isZero()) {
            throw new IllegalArgumentException("the age of pending sign-ups to purge must be positive, not " + olderThan);
        }
        Instant now = SqlTime.now(clock);
        Instant cutoff = now.minus(olderThan);
        int deleted = repository.deleteUnconfirmedPendingBefore(cutoff);
        repository.insertOptInExpiredEvents(cutoff, now);
        int reverted = repository.revertUnconfirmedRenewalsBefore(cutoff, now);
        repository.deleteConfirmationTokensExpiredBefore(cutoff);
        return deleted + reverted;
    }

    /** @throws IllegalArgumentException if the name has a line break or is longer than 200 characters */
    static String cleanName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String s = name.strip();
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("the name must be one line without control characters");
        }
        if (s.length() > 200) {
            throw new IllegalArgumentException("the name must be at most 200 characters");
        }
        return s;
    }
}
