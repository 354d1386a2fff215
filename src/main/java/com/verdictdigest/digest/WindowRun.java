package com.verdictdigest.digest;

import java.time.Instant;
import java.util.Locale;

/**
 * One run of the digest: a window closed (or, for the weekly job, due to close) and what came of
 * it. Every run is kept, so an editor sees the weeks that made no issue as well as those that did.
 *
 * @param at           when it ran (or was skipped)
 * @param actor        {@value DigestIssues#WEEKLY_JOB}, an editor's login, a command ({@code cli:USER}), {@code demo}
 * @param scheduledFor the weekly job's fire time; null for a window closed by hand
 * @param issueNumber  the issue created, for {@link Outcome#ISSUE}
 * @param detail       why a run was skipped or failed
 */
public record WindowRun(Instant at, String actor, Instant scheduledFor, Instant windowStart, Instant windowEnd,
                        Outcome outcome, Integer issueNumber, String detail) {

    public enum Outcome {
        /** An issue was created. */
        ISSUE,
        /** Nothing was published in the window: no issue. */
        NOTHING,
        /** The weekly job fired later than its grace period after its time (the app was down): nothing ran. */
        SKIPPED,
        /** The run failed; the window stays open for the next one. */
        FAILED;

        public String db() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Outcome fromDb(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public boolean weekly() {
        return scheduledFor != null;
    }

    /** What came of it, in words: "created issue #3", "nothing new since the last issue: no issue". */
    public String describe() {
        return switch (outcome) {
            case ISSUE -> "created issue #" + issueNumber;
            case NOTHING -> "nothing new since the last issue: no issue";
            case SKIPPED -> detail == null ? "skipped" : detail;
            case FAILED -> "failed" + (detail == null ? "" : ": " + detail);
        };
    }
}
