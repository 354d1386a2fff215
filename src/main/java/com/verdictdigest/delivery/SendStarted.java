package com.verdictdigest.delivery;

/** A send was created and its ledger filled: one row per subscriber confirmed and not paused then. */
public record SendStarted(long issueNumber, int recipients) implements SendEvent {
}
