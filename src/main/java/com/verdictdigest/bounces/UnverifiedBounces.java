package com.verdictdigest.bounces;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.mail.InvalidEmailException;
import com.verdictdigest.subscribers.Subscriber;
import com.verdictdigest.subscribers.SubscriberBounces;
import com.verdictdigest.subscribers.SubscriberErased;
import com.verdictdigest.system.SqlTime;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The admin's review of bounces and complaints that named a subscriber's address without anything
 * of ours in them ("unverified"): acting on one does what a verified one would have done (a hard
 * bounce or complaint suppresses, a soft bounce counts), recorded as the admin's decision;
 * dismissing it changes nothing else. An erased person's unverified bounces are deleted.
 */
@Service
public class UnverifiedBounces {

    /** What acting on or dismissing one came to. */
    public record Decision(boolean done, String message) {
    }

    private final BounceRepository repository;
    private final SubscriberBounces subscribers;
    private final BounceActions actions;
    private final TransactionTemplate tx;
    private final Clock clock;

    public UnverifiedBounces(BounceRepository repository, SubscriberBounces subscribers, BounceProperties properties,
                             PlatformTransactionManager transactions, Clock clock) {
        this.repository = repository;
        this.subscribers = subscribers;
        this.actions = new BounceActions(subscribers, properties);
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Open ones first, newest first. */
    public List<BounceRepository.Unverified> list(int limit) {
        return repository.listUnverified(limit);
    }

    public long countOpen() {
        return repository.countOpenUnverified();
    }

    /** Acts on it as if it had carried our token. */
    public Decision act(long id, String admin) {
        return tx.execute(status -> {
            var u = repository.findUnverified(id).orElse(null);
            if (u == null || !repository.decideUnverified(id, "acted", admin, SqlTime.now(clock))) {
                return new Decision(false, "Unverified bounce #" + id + " is gone or was decided already.");
            }
            Optional<Subscriber> s = subscriber(u.claimedAddress());
            if (s.isEmpty()) {
                return new Decision(true, "No subscriber has " + u.claimedAddress() + " any more; nothing to do.");
            }
            String detail = u.reason() + " (" + u.kind() + (u.status() == null ? "" : " " + u.status())
                    + ", unverified bounce #" + id + " accepted by " + admin + ")"
                    + (u.diagnostic() == null ? "" : ": " + u.diagnostic());
            String evidence = u.kind() + " " + u.reason() + ", unverified, accepted by " + admin;
            BounceActions.Effect effect = actions.apply(s.get(), BounceKind.ofLabel(u.kind()), detail, evidence);
            var soft = effect.soft();
            if (soft == null) {
                return new Decision(true, s.get().email() + (effect.newlySuppressed() ? " suppressed." : " was suppressed already."));
            }
            return new Decision(true, s.get().email() + ": soft bounce counted (" + soft.count() + "/" + soft.limit() + ")"
                    + (soft.newlySuppressed() ? ", suppressed." : "."));
        });
    }

    public Decision dismiss(long id, String admin) {
        boolean done = Boolean.TRUE.equals(tx.execute(status -> repository.decideUnverified(id, "dismissed", admin,
                SqlTime.now(clock))));
        return new Decision(done, done ? "Dismissed." : "Unverified bounce #" + id + " is gone or was decided already.");
    }

    /** In the erasure's transaction: nothing of the person stays here (subscribers announced it). */
    @EventListener
    void on(SubscriberErased erased) {
        repository.scrub(erased.subscriberId(), erased.emailHash());
    }

    private Optional<Subscriber> subscriber(String address) {
        try {
            return subscribers.findByAddress(EmailAddress.parse(address));
        } catch (InvalidEmailException e) {
            return Optional.empty();
        }
    }
}
