package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Instant;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.system.SqlTime;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The do-not-mail list. Entries are SHA-256 hashes of address keys, so they survive erasure of
 * the subscriber. Every feature that stops mail to an address (bounces, complaints, admins)
 * comes through here, so the subscriber's status and history move with it.
 */
@Service
public class Suppressions {

    /** Why an address is suppressed, and the subscriber status that follows. */
    public enum Reason {
        HARD_BOUNCE("hard-bounce", SubscriberStatus.BOUNCED),
        SOFT_BOUNCES("soft-bounces", SubscriberStatus.BOUNCED),
        COMPLAINT("complaint", SubscriberStatus.COMPLAINED),
        ADMIN("admin", SubscriberStatus.SUPPRESSED),
        ERASED("erased", SubscriberStatus.SUPPRESSED);

        private final String dbValue;
        private final SubscriberStatus status;

        Reason(String dbValue, SubscriberStatus status) {
            this.dbValue = dbValue;
            this.status = status;
        }

        public String dbValue() {
            return dbValue;
        }

        public SubscriberStatus status() {
            return status;
        }
    }

    private final SubscriberRepository repository;
    private final Clock clock;

    public Suppressions(SubscriberRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public boolean isSuppressed(EmailAddress email) {
        return repository.isSuppressed(email.hash());
    }

    /**
     * Suppresses the address (a no-op if it already is) and moves its subscriber, if any, to the
     * status the reason implies, with an event in its history.
     *
     * @return true if the address was not suppressed before
     */
    @Transactional
    public boolean suppress(EmailAddress email, Reason reason, String detail) {
        Instant now = SqlTime.now(clock);
        boolean added = !isSuppressed(email);
        if (added) {
            repository.insertSuppression(email.hash(), reason.dbValue(), now, detail);
        }
        repository.findByEmailKey(email.key()).ifPresent(s -> repository.changeStatus(s.id(), reason.status(), now,
                "suppress:" + reason.dbValue(), null, detail));
        return added;
    }
}
