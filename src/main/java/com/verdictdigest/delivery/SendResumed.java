package com.verdictdigest.delivery;

/** A paused send runs again. */
public record SendResumed(long issueNumber) implements SendEvent {
}
