package com.verdictdigest.subscribers;

import java.util.Optional;

import com.verdictdigest.mail.EmailAddress;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * GDPR Art. 17: nothing of the person stays, only the SHA-256 of the address, on the suppression
 * list, so the address is never mailed or imported again. In one transaction: the subscriber row
 * goes (with it, by cascade, its history, consent evidence and opt-in tokens), the suppression
 * entry keeps no earlier detail (a bounce's text names the address), and {@link SubscriberErased}
 * lets every other module scrub its own rows (delivery's ledger, bounces' records, votes) in that same
 * transaction. Then the files that may hold the address: the CSV exports saved on the server
 * lose the person's line, a CSV upload awaiting import that names them is deleted.
 */
@Service
public class Erasure {

    /** What an erasure by address found. */
    public enum Result {
        /** The subscriber and everything of theirs is gone. */
        ERASED_SUBSCRIBER,
        /** No subscriber had the address; whatever else held it is scrubbed and it is suppressed. */
        ERASED_ADDRESS
    }

    private final SubscriberRepository repository;
    private final Suppressions suppressions;
    private final ApplicationEventPublisher events;
    private final PersonalDataFiles files;
    private final TransactionTemplate tx;

    public Erasure(SubscriberRepository repository, Suppressions suppressions, ApplicationEventPublisher events,
                   PersonalDataFiles files, PlatformTransactionManager txManager) {
        this.repository = repository;
        this.suppressions = suppressions;
        this.events = events;
        this.files = files;
        this.tx = new TransactionTemplate(txManager);
    }

    /**
     * @param actor who erased (kept on the suppression entry; it names no subscriber data)
     * @return false if there was no such subscriber
     */
    public boolean erase(long subscriberId, String actor) {
        Optional<EmailAddress> erased = tx.execute(status -> {
            var subscriber = repository.findById(subscriberId);
            subscriber.ifPresent(s -> eraseInTransaction(s.address(), s.id(), actor));
            return subscriber.map(Subscriber::address);
        });
        erased.ifPresent(files::scrub);
        return erased.isPresent();
    }

    /** The CLI's {@code subscribers erase ADDRESS}: the subscriber with that address, or only the address. */
    public Result erase(EmailAddress address, String actor) {
        Result result = tx.execute(status -> {
            Optional<Subscriber> subscriber = repository.findByEmailKey(address.key());
            eraseInTransaction(address, subscriber.map(Subscriber::id).orElse(null), actor);
            return subscriber.isPresent() ? Result.ERASED_SUBSCRIBER : Result.ERASED_ADDRESS;
        });
        files.scrub(address);
        return result;
    }

    private void eraseInTransaction(EmailAddress address, Long subscriberId, String actor) {
        String detail = "erased on request (GDPR Art. 17) by " + actor;
        suppressions.suppress(address, Suppressions.Reason.ERASED, detail);
        // An earlier entry (a bounce, a complaint) keeps its reason and loses its words.
        repository.replaceSuppressionDetail(address.hash(), detail);
        repository.deleteOutboxFor(address);
        events.publishEvent(new SubscriberErased(subscriberId, address.hash()));
        if (subscriberId != null) {
            repository.deleteById(subscriberId);
        }
    }
}
