package com.verdictdigest.votes;

import com.verdictdigest.subscribers.SubscriberErased;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A reader's erasure (GDPR Art. 17) as far as votes go: their current votes and history stay
 * as anonymous rows (subscriber id removed), so the community counts do not move, but nothing
 * links a vote to the person any more. Runs in the erasure's transaction, on its event.
 */
@Service
public class VoteErasure {

    private final VoteRepository repository;

    VoteErasure(VoteRepository repository) {
        this.repository = repository;
    }

    /** In the erasure's transaction: if this fails, the person is not erased either. */
    @EventListener
    void on(SubscriberErased erased) {
        if (erased.subscriberId() != null) {
            deidentify(erased.subscriberId());
        }
    }

    /** @return the vote and history rows de-identified */
    @Transactional
    public int deidentify(long subscriberId) {
        return repository.deidentify(subscriberId);
    }
}
