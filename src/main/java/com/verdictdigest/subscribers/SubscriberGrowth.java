package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.verdictdigest.subscribers.SubscriberRepository.Transition;
import org.springframework.stereotype.Service;

/**
 * Subscribers by status at the end of each day, from the status history: every event moves one
 * subscriber from its previous status to its new one. Erased subscribers leave with their
 * history, so the chart always adds up to today's list. The history is read at most every
 * {@link #REUSE} (two minutes): a chart, not a ledger.
 */
@Service
public class SubscriberGrowth {

    /** One value per day and status, oldest day first. */
    public record Series(List<LocalDate> days, Map<SubscriberStatus, List<Long>> counts) {
    }

    /** How long a computed history is reused: one scan of a million events takes seconds. */
    static final java.time.Duration REUSE = java.time.Duration.ofMinutes(2);

    private final SubscriberRepository repository;
    private final Clock clock;
    private volatile Cached cached;

    private record Cached(java.time.Instant at, List<Transition> transitions) {
    }

    public SubscriberGrowth(SubscriberRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** @param days how many days back from today (UTC), today included */
    public Series lastDays(int days) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate from = today.minusDays(days - 1L);
        Map<SubscriberStatus, Long> running = new EnumMap<>(SubscriberStatus.class);
        Map<SubscriberStatus, List<Long>> counts = new LinkedHashMap<>();
        for (SubscriberStatus s : SubscriberStatus.values()) {
            running.put(s, 0L);
            counts.put(s, new ArrayList<>());
        }
        List<LocalDate> dayList = new ArrayList<>();
        List<Transition> transitions = transitions();
        int t = 0;
        for (LocalDate day = from; !day.isAfter(today); day = day.plusDays(1)) {
            while (t < transitions.size() && !transitions.get(t).day().isAfter(day)) {
                Transition tr = transitions.get(t++);
                if (tr.from() != null) {
                    running.merge(SubscriberStatus.fromDb(tr.from()), -tr.count(), Long::sum);
                }
                running.merge(SubscriberStatus.fromDb(tr.to()), tr.count(), Long::sum);
            }
            dayList.add(day);
            for (SubscriberStatus s : SubscriberStatus.values()) {
                counts.get(s).add(running.get(s));
            }
        }
        return new Series(dayList, counts);
    }

    private List<Transition> transitions() {
        Cached c = cached;
        java.time.Instant now = clock.instant();
        if (c == null || c.at().plus(REUSE).isBefore(now) || c.at().isAfter(now)) {
            c = new Cached(now, repository.dailyTransitions());
            cached = c;
        }
        return c.transitions();
    }
}
