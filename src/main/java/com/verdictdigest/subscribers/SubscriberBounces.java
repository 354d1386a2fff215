package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.system.SqlTime;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the bounce processing may ask of the list: find the subscriber a bounce is about, record
 * a hard bounce, a complaint or a soft bounce in their history, and suppress them when that
 * calls for it. The subscriber tables are written here, never by the bounces module.
 */
@Service
public class SubscriberBounces {

    /** Where a subscriber stands after a soft bounce. */
    public record SoftBounce(int count, int limit, boolean limitReached, boolean newlySuppressed) {
    }

    static final String FORM = "bounce-processor";

    private final SubscriberRepository repository;
    private final Suppressions suppressions;
    private final UnsubscribeService unsubscribes;
    private final Clock clock;

    public SubscriberBounces(SubscriberRepository repository, Suppressions suppressions, UnsubscribeService unsubscribes,
                             Clock clock) {
        this.repository = repository;
        this.suppressions = suppressions;
        this.unsubscribes = unsubscribes;
        this.clock = clock;
    }

    /** What a mail to the List-Unsubscribe address did: whom it named, and whether it unsubscribed them now. */
    public record MailUnsubscribe(Subscriber subscriber, boolean unsubscribed) {
    }

    public Optional<Subscriber> findById(long id) {
        return repository.findById(id);
    }

    /**
     * A mail to {@code unsubscribe+TOKEN@domain}: the subscriber the token names leaves, once (a
     * second mail changes nothing), with an event whose form is "mail" and whose detail is the
     * evidence (no personal data: which address was written to, the message's hash).
     *
     * @return empty if the token names nobody
     */
    @Transactional
    public Optional<MailUnsubscribe> unsubscribeByMail(String token, String evidence) {
        Optional<Subscriber> subscriber = repository.findByToken(token);
        if (subscriber.isEmpty()) {
            return Optional.empty();
        }
        UnsubscribeService.Result r = unsubscribes.unsubscribe(subscriber.get(), null, null, "mail", evidence);
        return Optional.of(new MailUnsubscribe(subscriber.get(), r == UnsubscribeService.Result.UNSUBSCRIBED));
    }

    /** By the token of a VERP return path ({@code bounces+TOKEN@domain}) of mail sent by release 0.1, or a link token. */
    public Optional<Subscriber> findByVerpToken(String token) {
        return repository.findByToken(token);
    }

    public Optional<Subscriber> findByAddress(EmailAddress address) {
        return repository.findByEmailKey(address.key());
    }

    /**
     * A hard bounce or a complaint: an event in the subscriber's history, and the address suppressed.
     *
     * @param detail   what the bounce said, for the history
     * @param evidence the one line kept with the suppression
     * @return true if the address was not suppressed before
     */
    @Transactional
    public boolean recordRejection(Subscriber subscriber, Suppressions.Reason reason, String detail, String evidence) {
        if (reason != Suppressions.Reason.HARD_BOUNCE && reason != Suppressions.Reason.COMPLAINT) {
            throw new IllegalArgumentException("a rejection is a hard bounce or a complaint, not " + reason);
        }
        repository.insertEvent(subscriber.id(), SqlTime.now(clock),
                reason == Suppressions.Reason.HARD_BOUNCE ? "bounce:hard" : "complaint", reason.status(),
                new ConsentEvidence(null, null, FORM, null, null), detail);
        return suppressions.suppress(subscriber.address(), reason, evidence);
    }

    /**
     * Counts a soft bounce in a row: one more if the previous one came within {@code window},
     * else the count starts again at 1; at {@code limit} the address is suppressed.
     *
     * @param detail   what the bounce said, for the history
     * @param evidence the last bounce in one line, kept with the suppression
     */
    @Transactional
    public SoftBounce recordSoftBounce(Subscriber subscriber, Duration window, int limit, String detail, String evidence) {
        Instant now = SqlTime.now(clock);
        int count = repository.incrementSoftBounces(subscriber.id(), now, now.minus(window));
        boolean reached = count >= limit;
        repository.insertEvent(subscriber.id(), now, "bounce:soft",
                reached ? Suppressions.Reason.SOFT_BOUNCES.status() : subscriber.status(),
                new ConsentEvidence(null, null, FORM, null, null), count + "/" + limit + " in a row; " + detail);
        boolean added = reached && suppressions.suppress(subscriber.address(), Suppressions.Reason.SOFT_BOUNCES,
                count + " soft bounces in a row; last: " + evidence);
        return new SoftBounce(count, limit, reached, added);
    }
}
