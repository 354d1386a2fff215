package com.verdictdigest.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

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

    private final DeliveryRepository repo;
    private final SendEngine engine;
    private final SendStates states;
    private final SendProgresses progresses;
    private final ReaderTimeZones zones;
    private final DeliveryProperties props;
    private final Clock clock;

    SendService(DeliveryRepository repo, SendEngine engine, SendStates states, SendProgresses progresses,
                ReaderTimeZones zones, DeliveryProperties props, Clock clock) {
        this.repo = repo;
        this.engine = engine;
        this.states = states;
        this.progresses = progresses;
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
        return progresses.localTime(issueNumber);
    }

    /** A started send's waves, earliest first, with where each stands (see {@link SendProgresses#waves}). */
    public List<SendWave> waves(long issueNumber) {
        return progresses.waves(issueNumber);
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
        engine.recoverStoppedRuns(); // copies a dead run sent are sent, not cancelled
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
        return progresses.progress(issueNumber);
    }
}
