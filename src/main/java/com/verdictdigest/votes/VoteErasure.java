package com.verdictdigest.votes;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A reader's erasure (GDPR Art. 17) as far as votes go: their current votes and history stay
 * as anonymous rows (subscriber id removed), so the community counts do not move, but nothing
 * links a vote to the person any more. Call it in the transaction that erases the subscriber.
 */
@Service
public class VoteErasure {

    private final VoteRepository repository;

    VoteErasure(VoteRepository repository) {
        this.repository = repository;
    }

    /** @return the vote and history rows de-identified */
    @Transactional
    public int deidentify(long subscriberId) {
        return repository.deidentify(subscriberId);
    }
}
