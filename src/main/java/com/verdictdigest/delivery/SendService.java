package com.verdictdigest.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.verdictdigest.delivery.DeliveryRepository.RowState;
import com.verdictdigest.delivery.DeliveryRepository.SendRow;
import com.verdictdigest.subscribers.ReaderTimeZones;
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
    private final ReaderTimeZones zones;
    private final DeliveryProperties props;
    private final Clock clock;

    SendService(DeliveryRepository repo, SendEngine engine, SendStates states, ReaderTimeZones zones,
                DeliveryProperties props, Clock clock) {
        this.repo = repo;
        this.engine = engine;
        this.states = states;
        this.zones = zones;
        this.props = props;
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

    // ---- local-time sends

    /** How a send goes out unless its editor chooses ({@code verdict.delivery.local-time}): null for everyone at once. */
    public LocalTime defaultLocalTime() {
        return props.defaultLocalTime();
    }

    /**
     * Starts the issue's send at {@code localTime} in every reader's zone, or to everyone at once
     * when it is null ({@link #start(long)}). The ledger is written as for a send to everyone, in
     * the same transaction with {@link SendStarted}, each row due when {@code localTime} next comes
     * in its reader's zone ({@link LocalDelivery#dueAt}); the senders take each wave when it is due.
     */
    public Started start(long issueNumber, LocalTime localTime) {
        if (localTime == null) {
            return start(issueNumber);
        }
        return states.inTransaction(() -> {
            Instant now = clock.instant();
            boolean created = repo.insertLocalTimeSend(issueNumber, now, LocalDelivery.format(localTime));
            int enqueued = 0;
            if (created) {
                List<DeliveryRepository.ZoneDue> due = new ArrayList<>();
                for (SendPlan.Wave wave : plan(localTime, now).waves()) {
                    wave.zones().forEach(z -> due.add(new DeliveryRepository.ZoneDue(z.zone(), wave.dueAt(), z.readers())));
                }
                enqueued = repo.enqueueByZone(issueNumber, now, due, zones.defaultZone().getId());
                states.publish(new SendStarted(issueNumber, enqueued));
                if (enqueued == 0) {
                    states.finish(issueNumber);
                }
            }
            return new Started(created, enqueued, progress(issueNumber).orElseThrow());
        });
    }

    /**
     * The waves a send starting at {@code start} would have: readers confirmed and not paused then,
     * grouped by the instant {@code localTime} comes in their zone (null: one wave, at the start).
     * Reads the list once, writes nothing.
     */
    public SendPlan plan(LocalTime localTime, Instant start) {
        Map<Instant, List<SendPlan.ZoneReaders>> waves = new TreeMap<>();
        repo.countRecipientsByZone(start, zones.defaultZone().getId()).forEach((zone, readers) -> {
            Instant due = localTime == null ? start : LocalDelivery.dueAt(start, localTime, zones.zoneOf(zone));
            waves.computeIfAbsent(due, d -> new ArrayList<>()).add(new SendPlan.ZoneReaders(zone, readers));
        });
        return new SendPlan(localTime, start, waves.entrySet().stream()
                .map(e -> new SendPlan.Wave(e.getKey(), List.copyOf(e.getValue()))).toList());
    }

    /** HH:MM of a local-time send; empty for a send to everyone at once or no send. */
    public Optional<LocalTime> localTime(long issueNumber) {
        return repo.findSend(issueNumber).map(SendRow::localTime).map(LocalDelivery::parse);
    }

    /**
     * A started send's waves, earliest first, with where each stands (one wave for a send to
     * everyone at once). Counting reads every row of the issue once, as {@link #progress} does.
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

    /**
     * Issues whose send is not over (running or paused), lowest first. The digest starts no issue's
     * send while an earlier issue's is open: a local-time send can take a day, and no reader may
     * get an issue before the one before it.
     */
    public List<Long> openSends() {
        return repo.findOpenSends();
    }

    /** @return false if the send was not running */
    public boolean pause(long issueNumber, String reason) {
        String why = reason == null || reason.isBlank() ? "paused by an editor" : reason;
        boolean paused = states.move(issueNumber, List.of(SendState.RUNNING), SendState.PAUSED, why,
                () -> new SendPaused(issueNumber, why));
        states.afterCommit(() -> engine.stopLocal(issueNumber));
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
        states.afterCommit(() -> engine.stopLocal(issueNumber));
        return cancelled;
    }

    /** Only the send's state: one small read. */
    public Optional<SendState> state(long issueNumber) {
        return repo.findSend(issueNumber).map(SendRow::state);
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

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
