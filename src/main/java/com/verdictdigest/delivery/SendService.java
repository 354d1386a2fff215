package com.verdictdigest.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.verdictdigest.delivery.DeliveryRepository.SendRow;
import org.springframework.stereotype.Service;

/**
 * Delivery's API: starting, pausing, resuming and cancelling a send, and its progress; what the
 * digest, the sending pages and the CLI call. Each change is announced as a {@link SendEvent} in
 * its own transaction (see {@link SendStates}). Sending itself is {@link SendEngine}'s.
 */
@Service
public class SendService {

    /** @param created false if the issue already had a send (then nothing was enqueued) */
    public record Started(boolean created, int enqueued, SendProgress progress) {
    }

    /** The window of the running rate: long enough to smooth batches, short enough to show a change. */
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private final DeliveryRepository repo;
    private final SendEngine engine;
    private final SendStates states;
    private final SendProgresses progresses;
    private final Clock clock;

    SendService(DeliveryRepository repo, SendEngine engine, SendStates states, SendProgresses progresses, Clock clock) {
        this.repo = repo;
        this.engine = engine;
        this.states = states;
        this.progresses = progresses;
        this.clock = clock;
    }

    /**
     * Creates the issue's send and one ledger row per subscriber confirmed and not paused now, in
     * one transaction with {@link SendStarted}. Starting an issue twice adds nobody: each
     * subscriber gets an issue once. A send with nobody to mail is finished at once.
     */
    public Started start(long issueNumber) {
        return states.inTransaction(() -> {
            Instant now = clock.instant();
            boolean created = repo.insertSend(issueNumber, now);
            int enqueued = 0;
            if (created) {
                enqueued = repo.enqueueConfirmedSubscribers(issueNumber, now);
                states.publish(new SendStarted(issueNumber, enqueued));
                if (enqueued == 0) {
                    states.finish(issueNumber);
                }
            }
            return new Started(created, enqueued, progress(issueNumber).orElseThrow());
        });
    }

    /** @return false if the send was not running */
    public boolean pause(long issueNumber, String reason) {
        String why = reason == null || reason.isBlank() ? "paused by an editor" : reason;
        boolean paused = states.move(issueNumber, List.of(SendState.RUNNING), SendState.PAUSED, why,
                () -> new SendPaused(issueNumber, why));
        engine.stopLocal(issueNumber);
        return paused;
    }

    /** @return false if the send was not paused */
    public boolean resume(long issueNumber) {
        return states.move(issueNumber, List.of(SendState.PAUSED), SendState.RUNNING, null,
                () -> new SendResumed(issueNumber));
    }

    /**
     * Stops the send for good, running or paused: rows not yet sent are cancelled.
     *
     * @param by who cancels (shown in the issue's history)
     * @return false if it was already over
     */
    public boolean cancel(long issueNumber, String by) {
        boolean cancelled = states.move(issueNumber, List.of(SendState.RUNNING, SendState.PAUSED), SendState.CANCELLED,
                null, () -> new SendCancelled(issueNumber, by));
        engine.stopLocal(issueNumber);
        return cancelled;
    }

    /** Only the send's state: one small read. */
    public Optional<SendState> state(long issueNumber) {
        return repo.findSend(issueNumber).map(SendRow::state);
    }

    public Optional<SendProgress> progress(long issueNumber) {
        return progresses.progress(issueNumber);
    }
}
