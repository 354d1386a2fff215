package com.verdictdigest.delivery;

import java.time.Instant;
import java.util.List;

/**
 * One wave of a started send, for the editor's page and {@code send status}: its due instant, its
 * zones (with how many readers each had at the start; empty for a send to everyone at once) and
 * where its rows stand.
 *
 * @param remaining rows not yet tried to the end (waiting for the wave, a retry, or in flight)
 */
public record SendWave(Instant dueAt, List<SendPlan.ZoneReaders> zones, long recipients, long sent, long failed,
                       long skipped, long remaining) {
}
