package com.verdictdigest.delivery;

import com.verdictdigest.subscribers.SubscriberErased;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** An erased subscriber's copies keep their counts and lose the address, the replies about it and the Message-ID. */
@Component
class ErasedRecipients {

    private final DeliveryRepository repo;

    ErasedRecipients(DeliveryRepository repo) {
        this.repo = repo;
    }

    /** In the erasure's transaction. */
    @EventListener
    void on(SubscriberErased erased) {
        if (erased.subscriberId() != null) {
            repo.scrubSubscriber(erased.subscriberId());
        }
    }
}
