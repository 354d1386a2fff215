package com.verdictdigest.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.verdictdigest.delivery.DeliveryRepository.RowState;
import com.verdictdigest.delivery.DeliveryRepository.SendRow;
import org.springframework.stereotype.Component;

/**
 * Where a send stands, read from the ledger: what {@link SendService#progress} answers, and all a
 * command like {@code send status} needs (the repository and a clock, not the engine).
 */
@Component
public class SendProgresses {

    private final DeliveryRepository repo;
    private final Clock clock;

    SendProgresses(DeliveryRepository repo, Clock clock) {
        this.repo = repo;
        this.clock = clock;
    }

    public Optional<SendProgress> progress(long issueNumber) {
        return repo.findSend(issueNumber).map(this::progress);
    }

    /**
     * A running send's rate counts the messages sent in the last minute, divided by the time
     * they had: the minute, or less when the send started (or resumed) within it. A send that is
     * not running shows its average from start to its last change (done, paused, cancelled).
     */
    private SendProgress progress(SendRow send) {
        Instant now = clock.instant();
        Instant since = send.state() == SendState.RUNNING ? later(now.minus(SendService.RATE_WINDOW), send.updatedAt()) : Instant.EPOCH;
        DeliveryRepository.LedgerCounts ledger = repo.counts(send.issueNumber(), since);
        Map<RowState, Long> counts = ledger.byState();
        Duration elapsed = send.state() == SendState.RUNNING ? Duration.between(since, now)
                : Duration.between(send.startedAt(), send.updatedAt());
        double seconds = Math.max(1.0, elapsed.toNanos() / 1e9);
        double rate = ledger.sentSince() / seconds;
        return new SendProgress(send.issueNumber(), send.state(), send.pauseReason(), send.recipients(),
                counts.get(RowState.SENT), counts.get(RowState.FAILED), counts.get(RowState.CANCELLED),
                counts.get(RowState.QUEUED) + counts.get(RowState.CLAIMED), rate, send.startedAt(), send.finishedAt());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
