package com.verdictdigest.bounces;

import java.time.Duration;

import com.verdictdigest.subscribers.Subscriber;
import com.verdictdigest.subscribers.SubscriberBounces;
import com.verdictdigest.subscribers.Suppressions;

/**
 * What a bounce does to its subscriber, whether it was verified ({@link BounceProcessor}) or an
 * admin accepted an unverified one ({@link UnverifiedBounces}): a hard bounce or a complaint
 * suppresses, a soft bounce counts within the window and suppresses at the limit.
 */
final class BounceActions {

    /**
     * @param newlySuppressed whether this bounce suppressed the address (false if it was already)
     * @param soft            where a soft bounce left the count, else null
     */
    record Effect(boolean newlySuppressed, SubscriberBounces.SoftBounce soft) {
    }

    private final SubscriberBounces subscribers;
    private final Duration softWindow;
    private final int softLimit;

    BounceActions(SubscriberBounces subscribers, BounceProperties properties) {
        this.subscribers = subscribers;
        this.softWindow = properties.softBounceWindow();
        this.softLimit = properties.softBounceLimit();
    }

    /** @param detail the subscriber's history line; @param evidence what the suppression keeps */
    Effect apply(Subscriber s, BounceKind kind, String detail, String evidence) {
        return switch (kind) {
            case HARD, COMPLAINT -> new Effect(subscribers.recordRejection(s, kind == BounceKind.HARD
                    ? Suppressions.Reason.HARD_BOUNCE : Suppressions.Reason.COMPLAINT, detail, evidence), null);
            case SOFT -> {
                SubscriberBounces.SoftBounce soft = subscribers.recordSoftBounce(s, softWindow, softLimit, detail, evidence);
                yield new Effect(soft.newlySuppressed(), soft);
            }
            case NOT_A_BOUNCE, UNSUBSCRIBE -> throw new IllegalArgumentException("a " + kind.label() + " is not a bounce to act on");
        };
    }
}
