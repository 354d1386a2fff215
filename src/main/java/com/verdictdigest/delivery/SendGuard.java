package com.verdictdigest.delivery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Pauses a running send when what comes back says sending on would damage the domain's
 * reputation: more complaints than {@code complaint-rate} or more hard bounces than
 * {@code hard-bounce-rate} of the copies delivered, once {@code min-delivered} copies are out
 * ({@code verdict.delivery.guard.*}). The pause is delivery's usual one ({@link SendPaused}, with
 * the reason the editor and {@code send status} show); a send resumed after it is not paused
 * again by the same rule.
 *
 * <p>Cheap enough to run on every report and every half second of a send: the counters are one
 * row; copies delivered are counted only when a rate could be over its limit with the last count
 * (which only grows, so a lower rate with it is a lower rate now).
 */
@Component
class SendGuard {

    private static final Logger log = LoggerFactory.getLogger(SendGuard.class);
    static final String COMPLAINTS = "complaints";
    static final String HARD_BOUNCES = "hard-bounces";

    private final DeliveryRepository repo;
    private final SendStates states;
    private final SendGuardProperties props;
    /** Copies delivered at the last count, per issue: a lower bound of the number now. */
    private final Map<Long, Long> deliveredAtLeast = new ConcurrentHashMap<>();

    SendGuard(DeliveryRepository repo, SendStates states, SendGuardProperties props) {
        this.repo = repo;
        this.states = states;
        this.props = props;
    }

    /** @return whether this call paused the send */
    boolean check(long issueNumber) {
        if (!props.enabled()) {
            return false;
        }
        var row = repo.findGuardRow(issueNumber).orElse(null);
        if (row == null || row.state() != SendState.RUNNING) {
            return false;
        }
        List<String> tripped = row.tripped() == null ? new ArrayList<>()
                : new ArrayList<>(Arrays.asList(row.tripped().split(",")));
        boolean complaintsArmed = !tripped.contains(COMPLAINTS) && mayExceed(row.complaints(), props.complaintRate(), issueNumber);
        boolean bouncesArmed = !tripped.contains(HARD_BOUNCES) && mayExceed(row.hardBounces(), props.hardBounceRate(), issueNumber);
        if (!complaintsArmed && !bouncesArmed) {
            return false;
        }
        long delivered = repo.countSent(issueNumber);
        deliveredAtLeast.merge(issueNumber, delivered, Math::max);
        if (delivered < props.minDelivered()) {
            return false;
        }
        String reason = null;
        if (complaintsArmed && exceeds(row.complaints(), delivered, props.complaintRate())) {
            tripped.add(COMPLAINTS);
            reason = describe("complaints", row.complaints(), delivered, props.complaintRate());
        } else if (bouncesArmed && exceeds(row.hardBounces(), delivered, props.hardBounceRate())) {
            tripped.add(HARD_BOUNCES);
            reason = describe("hard bounces", row.hardBounces(), delivered, props.hardBounceRate());
        }
        if (reason == null) {
            return false;
        }
        String why = reason;
        boolean paused = states.inTransaction(() -> {
            boolean moved = states.move(issueNumber, List.of(SendState.RUNNING), SendState.PAUSED, why,
                    () -> new SendPaused(issueNumber, why));
            if (moved) {
                repo.setGuardTripped(issueNumber, String.join(",", tripped));
            }
            return moved;
        });
        if (paused) {
            log.warn("issue {}: send paused: {}", issueNumber, why);
        }
        return paused;
    }

    /** False when the rate cannot be over its limit: too few reports for any count, or under it with a count we had. */
    private boolean mayExceed(long count, double rate, long issueNumber) {
        if (!exceeds(count, props.minDelivered(), rate)) {
            return false; // even at the fewest deliveries that count, the rate is within its limit
        }
        long known = deliveredAtLeast.getOrDefault(issueNumber, 0L);
        return known < props.minDelivered() || exceeds(count, known, rate);
    }

    /** Above the limit, not at it (the margin keeps 0.003 * 1000 from landing a hair under 3). */
    private static boolean exceeds(long count, long delivered, double rate) {
        return count > rate * delivered + 1e-9;
    }

    static String describe(String what, long count, long delivered, double rate) {
        return String.format(Locale.ROOT,
                "%s: %d of %d delivered (%.2f%%) exceed the limit of %.2f%%; sending on would damage the domain's reputation",
                what, count, delivered, 100.0 * count / delivered, 100.0 * rate);
    }
}
