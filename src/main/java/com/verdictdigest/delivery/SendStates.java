package com.verdictdigest.delivery;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.verdictdigest.delivery.DeliveryRepository.RowState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every change of a send's state, each in one transaction with the {@link SendEvent} that
 * announces it: listeners that run synchronously (the digest's) commit with the change or roll
 * it back. Joins the caller's transaction when there is one (approving an issue starts its send).
 */
@Component
class SendStates {

    private final DeliveryRepository repo;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SendStates(DeliveryRepository repo, PlatformTransactionManager transactions, ApplicationEventPublisher events,
               Clock clock) {
        this.repo = repo;
        this.tx = new TransactionTemplate(transactions);
        this.events = events;
        this.clock = clock;
    }

    /**
     * Runs {@code action} once the caller's transaction has committed, or now when there is none:
     * waking this instance's senders must not let them read the send's state before the change
     * that woke them is visible.
     */
    void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    /** Runs {@code work} in a transaction (the caller's, or a new one). */
    <T> T inTransaction(Supplier<T> work) {
        return tx.execute(status -> work.get());
    }

    void publish(SendEvent event) {
        events.publishEvent(event);
    }

    /**
     * Moves the send from one of {@code from} to {@code to} and announces it.
     *
     * @return false if the send was in none of {@code from} (nothing changed, nothing announced)
     */
    boolean move(long issue, List<SendState> from, SendState to, String reason, Supplier<SendEvent> event) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (!repo.changeSendState(issue, from, to, reason, clock.instant())) {
                return false;
            }
            if (to == SendState.CANCELLED) {
                repo.cancelOpenRows(issue, "send cancelled");
            }
            events.publishEvent(event.get());
            return true;
        }));
    }

    /** The first mail went out: recorded once per send across instances, and announced ({@link SendWentOut}). */
    boolean wentOut(long issue) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (!repo.markWentOut(issue, clock.instant())) {
                return false;
            }
            events.publishEvent(new SendWentOut(issue));
            return true;
        }));
    }

    /** A running send with nothing left to try is done: {@link SendFinished} with its counts. */
    boolean finish(long issue) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (repo.nextDue(issue).isPresent()
                    || !repo.changeSendState(issue, List.of(SendState.RUNNING), SendState.DONE, null, clock.instant())) {
                return false;
            }
            Map<RowState, Long> counts = repo.countByState(issue);
            events.publishEvent(new SendFinished(issue, counts.get(RowState.SENT), counts.get(RowState.FAILED),
                    counts.get(RowState.CANCELLED)));
            return true;
        }));
    }
}
