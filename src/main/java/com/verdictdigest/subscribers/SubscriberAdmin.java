package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Instant;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.subscribers.SubscriberRepository.NewSubscriber;
import com.verdictdigest.system.SqlTime;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What an admin does to one address, from the admin pages and the CLI alike. */
@Service
public class SubscriberAdmin {

    /** The action does not apply (already listed, suppressed, unknown); the message says why. */
    public static class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    private final SubscriberRepository repository;
    private final Suppressions suppressions;
    private final OptInMailer optInMailer;
    private final TransactionTemplate tx;
    private final Clock clock;

    public SubscriberAdmin(SubscriberRepository repository, Suppressions suppressions, OptInMailer optInMailer,
                           PlatformTransactionManager txManager, Clock clock) {
        this.repository = repository;
        this.suppressions = suppressions;
        this.optInMailer = optInMailer;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
    }

    /** Adds the address as pending and sends it the opt-in mail: an admin cannot confirm on someone's behalf. */
    public long add(EmailAddress address, String name, String actor, String form) {
        if (suppressions.isSuppressed(address)) {
            throw new RefusedException(address + " is on the suppression list and is never mailed again");
        }
        repository.findByEmailKey(address.key()).ifPresent(d -> {
            throw new RefusedException(address + " is already in the list (" + d.status().dbValue() + ")");
        });
        Instant now = SqlTime.now(clock);
        Long id = tx.execute(s -> repository.insertWithEvent(new NewSubscriber(address.address(), address.key(),
                name == null || name.isBlank() ? null : name.strip(), SubscriberStatus.PENDING,
                null, now, null, "admin-add", form, null, "added by " + actor + "; double opt-in mail")));
        optInMailer.sendOptIn(id);
        return id;
    }

    /** The address stops getting mail (status unsubscribed); it may sign up again through opt-in. */
    public Subscriber remove(EmailAddress address, String actor, String form) {
        Subscriber d = repository.findByEmailKey(address.key())
                .orElseThrow(() -> new RefusedException(address + " is not in the list"));
        tx.executeWithoutResult(s -> repository.changeStatus(d.id(), SubscriberStatus.UNSUBSCRIBED, SqlTime.now(clock),
                "unsubscribe", form, "removed by " + actor));
        return d;
    }

    public void suppress(long id, String actor) {
        Subscriber d = repository.findById(id).orElseThrow(() -> new RefusedException("no subscriber " + id));
        suppressions.suppress(d.address(), Suppressions.Reason.ADMIN, "suppressed by " + actor);
    }

    /** @throws OptInMailer.RefusedException if not pending or over the daily limit */
    public void resendConfirmation(long id) {
        optInMailer.sendOptIn(id);
    }
}
