package com.verdictdigest.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.verdictdigest.delivery.DeliveryRepository.RowState;
import com.verdictdigest.delivery.DeliveryRepository.SendRow;
import org.springframework.stereotype.Component;

/**
 * Where a send stands, read from the ledger: what {@link SendService#progress} answers (and its
 * local time and waves), and all a command like {@code send status} needs (the repository and a
 * clock, not the engine).
 */
@Component
public class SendProgresses {

    private final DeliveryRepository repo;
    private final Clock clock;

    SendProgresses(DeliveryRepository repo, Clock clock) {
        this.repo = repo;
        this.clock = clock;
    }

    /** The window of the running rate: long enough to smooth batches, short enough to show a change. */
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);

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
        Instant since = send.state() == SendState.RUNNING ? later(now.minus(RATE_WINDOW), send.updatedAt()) : Instant.EPOCH;
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

    /** HH:MM of a local-time send; empty for a send to everyone at once or no send. */
    public Optional<LocalTime> localTime(long issueNumber) {
        return repo.findSend(issueNumber).map(SendRow::localTime).map(LocalDelivery::parse);
    }

    /**
     * A started send's waves, earliest first, with where each stands (one wave for a send to
     * everyone at once). Counting reads every row of the issue once, as {@link #progress(long)} does.
     */
    public List<SendWave> waves(long issueNumber) {
        Map<Instant, List<SendPlan.ZoneReaders>> zonesByDue = new TreeMap<>();
        for (DeliveryRepository.ZoneDue z : repo.findZones(issueNumber)) {
            zonesByDue.computeIfAbsent(z.dueAt(), d -> new ArrayList<>()).add(new SendPlan.ZoneReaders(z.timeZone(), z.recipients()));
        }
        List<SendWave> waves = new ArrayList<>();
        for (DeliveryRepository.WaveCounts w : repo.countByWave(issueNumber)) {
            Map<RowState, Long> c = w.byState();
            long total = c.values().stream().mapToLong(Long::longValue).sum();
            waves.add(new SendWave(w.dueAt(), zonesByDue.getOrDefault(w.dueAt(), List.of()), total, c.get(RowState.SENT),
                    c.get(RowState.FAILED), c.get(RowState.CANCELLED), c.get(RowState.QUEUED) + c.get(RowState.CLAIMED)));
        }
        return waves;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
