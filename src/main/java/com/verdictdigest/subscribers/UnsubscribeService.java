package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.verdictdigest.system.SqlTime;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Leaving: at once, idempotent, by the subscriber's link token (RFC 8058 one-click or the page's button). */
@Service
public class UnsubscribeService {

    public enum Result {
        UNSUBSCRIBED,
        /** unsubscribed before, or not receiving mail anyway (bounced, complained, suppressed) */
        ALREADY_GONE,
        UNKNOWN
    }

    private final SubscriberRepository repository;
    private final Clock clock;

    public UnsubscribeService(SubscriberRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** @param how "one-click" (RFC 8058 POST) or "unsubscribe-page", kept in the history */
    @Transactional
    public Result unsubscribe(String token, String ip, String userAgent, String how) {
        return unsubscribe(token, ip, userAgent, how, null);
    }

    /** @param detail the evidence kept with the event ("by mail: ..."), or null */
    @Transactional
    public Result unsubscribe(String token, String ip, String userAgent, String how, String detail) {
        Optional<Subscriber> subscriber = repository.findByToken(token);
        if (subscriber.isEmpty()) {
            return Result.UNKNOWN;
        }
        return unsubscribe(subscriber.get(), ip, userAgent, how, detail);
    }

    /**
     * The subscriber a caller already looked up (a mail to the List-Unsubscribe address).
     *
     * @return {@link Result#UNSUBSCRIBED} or {@link Result#ALREADY_GONE}
     */
    @Transactional
    public Result unsubscribe(Subscriber subscriber, String ip, String userAgent, String how, String detail) {
        long id = subscriber.id();
        Instant now = SqlTime.now(clock);
        if (repository.unsubscribe(id, now) == 0) {
            return Result.ALREADY_GONE;
        }
        // A confirmation link still in a mailbox must not bring the address back.
        repository.retireOpenConfirmationTokens(id, now);
        repository.insertEvent(id, now, "unsubscribe", SubscriberStatus.UNSUBSCRIBED,
                new ConsentEvidence(ip, userAgent, how, null, null), detail);
        return Result.UNSUBSCRIBED;
    }
}
