package com.verdictdigest.subscribers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.verdictdigest.mail.TransactionalMail;
import org.springframework.stereotype.Component;

import com.verdictdigest.mail.EmailAddress;
/**
 * The one double opt-in mechanism, for sign-ups and the admin side alike: a confirmation token
 * (32 SecureRandom bytes, base64url in the link, only its SHA-256 stored, valid
 * {@code verdict.subscribers.confirm-ttl}), the daily limit
 * ({@code verdict.subscribers.max-confirmation-mails-per-day}) and the confirmation mail.
 * Callers own the transaction and decide who is pending.
 */
@Component
class ConfirmationMail {

    private static final Duration DAY = Duration.ofHours(24);

    private final SubscriberRepository repository;
    private final SubscriberMailer mailer;
    private final SubscribersProperties properties;

    ConfirmationMail(SubscriberRepository repository, SubscriberMailer mailer, SubscribersProperties properties) {
        this.repository = repository;
        this.mailer = mailer;
        this.properties = properties;
    }

    int dailyLimit() {
        return properties.maxConfirmationMailsPerDay();
    }

    /** True if the address had {@link #dailyLimit()} confirmation mails in the last 24 hours. */
    boolean dailyLimitReached(long subscriberId, Instant now) {
        return repository.countConfirmationTokensSince(subscriberId, now.minus(DAY)) >= dailyLimit();
    }

    /** Stores a fresh token's hash for the subscriber and returns the token for the link. */
    String newToken(long subscriberId, Instant now) {
        String token = Tokens.newToken();
        repository.insertConfirmationToken(Tokens.sha256Hex(token), subscriberId, now, now.plus(properties.confirmTtl()));
        return token;
    }

    /** A new token and its mail, sent at once. */
    void send(long subscriberId, EmailAddress to, String name, Instant now) {
        mailer.sendConfirmation(to, name, newToken(subscriberId, now), properties.confirmTtl());
    }

    /** A new token and its mail, built (headers checked) but not yet sent: see {@link #sendAll}. */
    TransactionalMail prepare(long subscriberId, EmailAddress to, String name, Instant now) {
        return mailer.confirmation(to, name, newToken(subscriberId, now), properties.confirmTtl());
    }

    /** Many prepared mails over one SMTP connection. */
    void sendAll(List<TransactionalMail> mails) {
        mailer.sendAll(mails);
    }
}
