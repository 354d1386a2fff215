package com.verdictdigest.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

/**
 * Who a send starting at {@code start} would mail, and when: one wave for everyone at once, or
 * for a local-time send one wave per instant at which {@code localTime} comes in some readers'
 * zone (zones with the same offset share a wave). What the editor sees before starting.
 *
 * @param localTime null for everyone at once
 * @param waves     earliest first
 */
public record SendPlan(LocalTime localTime, Instant start, List<Wave> waves) {

    /** The readers of one zone (as their rows have it; readers without one under the default zone). */
    public record ZoneReaders(String zone, long readers) {
    }

    /** The zones due at one instant. */
    public record Wave(Instant dueAt, List<ZoneReaders> zones) {

        public long readers() {
            return zones.stream().mapToLong(ZoneReaders::readers).sum();
        }
    }

    public long readers() {
        return waves.stream().mapToLong(Wave::readers).sum();
    }

    /** When the last wave is due; the start when nobody would be mailed. */
    public Instant lastDueAt() {
        return waves.isEmpty() ? start : waves.get(waves.size() - 1).dueAt();
    }

    /** From the start to the last wave. */
    public Duration span() {
        return Duration.between(start, lastDueAt());
    }
}
