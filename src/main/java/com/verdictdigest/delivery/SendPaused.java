package com.verdictdigest.delivery;

/** A running send was paused: by someone (the reason they gave) or by the engine (the SMTP server is gone). */
public record SendPaused(long issueNumber, String reason) implements SendEvent {
}
