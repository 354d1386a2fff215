package com.verdictdigest.delivery;

/**
 * Every row of a send was tried to the end: sent, failed or skipped (a subscriber who left, or
 * nothing in the issue for their categories). Nothing is left to retry.
 */
public record SendFinished(long issueNumber, long sent, long failed, long skipped) implements SendEvent {

    public String summary() {
        return sent + " sent, " + failed + " failed, " + skipped + " skipped";
    }
}
