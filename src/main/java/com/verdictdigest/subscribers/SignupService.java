package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.mail.HeaderText;
import org.springframework.context.ApplicationEventPublisher;
import com.verdictdigest.system.SqlTime;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Double opt-in, the first half: a request to join becomes a pending subscriber and a
 * confirmation mail. The request only records itself ({@link #requestOptIn}: one insert, the same
 * for every address, committed at once); {@link SignupOutbox} works it afterwards
 * ({@link #process}): the address's state, the daily cap, the mail. So the answer and its time
 * say nothing about the address, and no request waits on the mail server. The {@link Outcome}
 * is for logs, tests and the admin.
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
    private final ApplicationEventPublisher events;
    private final SubscriberMetrics metrics;

    SignupService(SubscriberRepository repository, Suppressions suppressions, SubscriberMailer mailer,
                  ConfirmationMail confirmations, SubscribersProperties properties, Clock clock,
                  PlatformTransactionManager transactionManager, ApplicationEventPublisher events,
                  SubscriberMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
        this.repository = repository;
        this.suppressions = suppressions;
        this.mailer = mailer;
        this.confirmations = confirmations;
        this.properties = properties;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactionManager);
    }

    /** Published when a sign-up request is recorded: the outbox works it once the transaction commits. */
    public record SignupRequested(long outboxId) {
    }

    /**
     * Records a request to join, with its evidence, for {@link SignupOutbox} to work: the same
     * single insert whatever the address's state. Checks only what the request itself carries.
     *
     * @param name       optional display name; one line, at most 200 characters, nothing a mail header refuses
     * @param categories tool categories to receive; empty for all
     * @throws IllegalArgumentException if the name or a category cannot be kept
     */
    public void requestOptIn(EmailAddress email, String name, Set<String> categories, ConsentEvidence evidence) {
        String cleanName = cleanName(name);
        Set<String> cleanCategories = categories == null ? Set.of() : Set.copyOf(categories);
        SubscriberRepository.categoriesColumn(cleanCategories);
        tx.executeWithoutResult(status -> {
            long id = repository.insertOutbox(email.address(), cleanName, cleanCategories, evidence, SqlTime.now(clock));
            events.publishEvent(new SignupRequested(id));
        });
        metrics.signupRequested();
    }

    /**
     * Works one recorded request: asks the address to confirm (or tells it that it is subscribed
     * already) within the daily mail limit, records it with its evidence, and removes the request,
     * all in one transaction with the mail sent inside it: if the mail server refuses, nothing is
     * recorded and the caller (the outbox) tries again later.
     *
     * @throws org.springframework.mail.MailException if the mail could not be sent
     */
    Outcome process(SubscriberRepository.OutboxRow request) {
        EmailAddress email;
        try {
            email = EmailAddress.parse(request.email());
        } catch (com.verdictdigest.mail.InvalidEmailException e) {
            repository.deleteOutbox(request.id()); // checked when recorded; only a changed rule gets here
            return Outcome.NOT_MAILABLE;
        }
        try {
            return tx.execute(status -> work(request, email));
        } catch (DuplicateKeyException e) {
            // A concurrent first sign-up of the same address won the insert; this one is now a repeat.
            return tx.execute(status -> work(request, email));
        }
    }

    private Outcome work(SubscriberRepository.OutboxRow request, EmailAddress email) {
        Outcome outcome = optIn(email, request.name(), request.categories(), request.evidence());
        repository.deleteOutbox(request.id());
        return outcome;
    }

    private Outcome optIn(EmailAddress email, String name, Set<String> categories, ConsentEvidence evidence) {
        Instant now = SqlTime.now(clock);
        if (suppressions.isSuppressed(email)) {
            return Outcome.NOT_MAILABLE;
        }
        Optional<Subscriber> existing = repository.findByEmailKeyForUpdate(email.key());
        if (existing.isEmpty()) {
            long id = repository.insert(email, name, SubscriberStatus.PENDING, categories, now);
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

    /**
     * The name goes into the To header of every mail: it follows the header rules of the mail
     * module (no C0 or C1 control character, DEL, U+2028 or U+2029), checked here so a bad name is
     * refused at sign-up, saying why, instead of failing its mails later.
     *
     * @throws IllegalArgumentException if the name has a line break or control character or is longer than 200 characters
     */
    static String cleanName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String s = name.strip();
        HeaderText.Refusal refusal = HeaderText.firstRefused(s);
        if (refusal != null) {
            throw new IllegalArgumentException("the name must be one line without control characters ("
                    + refusal.describe() + ")");
        }
        if (s.length() > 200) {
            throw new IllegalArgumentException("the name must be at most 200 characters");
        }
        return s;
    }
}
