package com.verdictdigest.delivery;

import java.time.Instant;


/**
 * Where a send stands, for the editor page and {@code send status}.
 *
 * @param remaining     rows still to try (queued, waiting for a retry, or in flight)
 * @param skipped       subscribers who left after the send started, or rows of a cancelled send
 * @param ratePerSecond while running, messages per second over the last minute (or since the send
 *                      started or resumed, if that is less); otherwise the average from start to
 *                      the last change
 */
public record SendProgress(long issueNumber, SendState state, String pauseReason, long recipients, long sent,
                           long failed, long skipped, long remaining, double ratePerSecond, Instant startedAt,
                           Instant finishedAt) {

    public long done() {
        return sent + failed + skipped;
    }

    public String summary() {
        return "issue %d: %s%s, %d recipients: %d sent, %d failed, %d skipped, %d remaining, %.1f/s".formatted(
                issueNumber, state.name().toLowerCase(java.util.Locale.ROOT),
                pauseReason == null ? "" : " (" + pauseReason + ")", recipients, sent, failed, skipped, remaining,
                ratePerSecond);
    }
}
