package com.verdictdigest.subscribers;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * GDPR Art. 17: the subscriber's personal data goes (the row, and with it by cascade its
 * history, consent evidence and tokens); only the SHA-256 of the address stays, on the
 * suppression list, so the address is never mailed or imported again. {@link SubscriberErased}
 * lets other modules scrub their own rows (votes) in the same transaction: all happen or none.
 */
@Service
public class Erasure {

    private final SubscriberRepository repository;
    private final Suppressions suppressions;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    public Erasure(SubscriberRepository repository, Suppressions suppressions, ApplicationEventPublisher events,
                   PlatformTransactionManager txManager) {
        this.repository = repository;
        this.suppressions = suppressions;
        this.events = events;
        this.tx = new TransactionTemplate(txManager);
    }

    /**
     * @param actor who erased (kept on the suppression entry; it names no subscriber data)
     * @return false if there was no such subscriber
     */
    public boolean erase(long subscriberId, String actor) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            var subscriber = repository.findById(subscriberId);
            if (subscriber.isEmpty()) {
                return false;
            }
            suppressions.suppress(subscriber.get().address(), Suppressions.Reason.ERASED,
                    "erased on request (GDPR Art. 17) by " + actor);
            events.publishEvent(new SubscriberErased(subscriberId, subscriber.get().address().hash()));
            repository.deleteById(subscriberId);
            return true;
        }));
    }
}
