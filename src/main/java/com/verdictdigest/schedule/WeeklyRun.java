package com.verdictdigest.schedule;

import java.time.Instant;

/**
 * What the weekly job does: build the week's issue, wait for an editor's approval if that is
 * configured, and start its send. The digest feature implements it. It must be idempotent for
 * the same week: starting a send twice adds nobody, and building the same week twice must not
 * make a second issue.
 */
public interface WeeklyRun {

    /**
     * @param scheduledFor the fire time the run belongs to (not the moment it runs)
     * @return one line saying what was done, recorded with the run
     */
    String run(Instant scheduledFor);

    /**
     * A fire that did not run: skipped (later than the grace period after its time) or failed
     * ({@link #run} threw). Recorded where the editor sees the runs; nothing by default.
     */
    default void missed(Instant scheduledFor, boolean skipped, String why) {
    }
}
