package com.verdictdigest.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.verdictdigest.delivery.DeliveryRepository.RowState;
import com.verdictdigest.delivery.DeliveryRepository.SendRow;
import com.verdictdigest.delivery.DeliveryRepository.SendState;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starting, pausing, resuming and cancelling a send, and its progress: what the editor page, the
 * CLI and the weekly job call. Sending itself is {@link SendEngine}'s.
 */
@Service
public class SendService {

    /** @param created false if the issue already had a send (then nothing was enqueued) */
    public record Started(boolean created, int enqueued, SendProgress progress) {
    }

    private final DeliveryRepository repo;
    private final SendEngine engine;
    private final Clock clock;

    public SendService(DeliveryRepository repo, SendEngine engine, Clock clock) {
        this.repo = repo;
        this.engine = engine;
        this.clock = clock;
    }

    /**
     * Creates the issue's send and one ledger row per subscriber confirmed and not paused now, in
     * one transaction. Starting an issue twice adds nobody: each subscriber gets an issue once.
     */
    @Transactional
    public Started start(long issueNumber) {
        Instant now = clock.instant();
        boolean created = repo.insertSend(issueNumber, now);
        int enqueued = created ? repo.enqueueConfirmedSubscribers(issueNumber, now) : 0;
        return new Started(created, enqueued, progress(issueNumber).orElseThrow());
    }

    /** @return false if the send was not running */
    public boolean pause(long issueNumber, String reason) {
        boolean paused = repo.changeSendState(issueNumber, List.of(SendState.RUNNING), SendState.PAUSED,
                reason == null || reason.isBlank() ? "paused by an editor" : reason, clock.instant());
        engine.stopLocal(issueNumber);
        return paused;
    }

    /** @return false if the send was not paused */
    public boolean resume(long issueNumber) {
        return repo.changeSendState(issueNumber, List.of(SendState.PAUSED), SendState.RUNNING, null, clock.instant());
    }

    /** Stops the send for good: rows not yet sent are cancelled. @return false if it was already over */
    @Transactional
    public boolean cancel(long issueNumber) {
        boolean cancelled = repo.changeSendState(issueNumber, List.of(SendState.RUNNING, SendState.PAUSED),
                SendState.CANCELLED, null, clock.instant());
        if (cancelled) {
            repo.cancelOpenRows(issueNumber, "send cancelled");
        }
        engine.stopLocal(issueNumber);
        return cancelled;
    }

    /** Only the send's state: one small read, for loops that check often. */
    public Optional<SendState> state(long issueNumber) {
        return repo.findSend(issueNumber).map(SendRow::state);
    }

    public Optional<SendProgress> progress(long issueNumber) {
        return repo.findSend(issueNumber).map(this::progress);
    }

    private SendProgress progress(SendRow send) {
        DeliveryRepository.LedgerCounts ledger = repo.counts(send.issueNumber(), clock.instant().minus(Duration.ofMinutes(1)));
        Map<RowState, Long> counts = ledger.byState();
        double rate = send.state() == SendState.RUNNING ? ledger.sentSince() / 60.0 : 0;
        return new SendProgress(send.issueNumber(), send.state(), send.pauseReason(), send.recipients(),
                counts.get(RowState.SENT), counts.get(RowState.FAILED), counts.get(RowState.CANCELLED),
                counts.get(RowState.QUEUED) + counts.get(RowState.CLAIMED), rate, send.startedAt(), send.finishedAt());
    }
}
