package com.verdictdigest.digest;

import java.time.Instant;

/** One line of an issue's history: who did what, when, and the state before and after. */
public record IssueEvent(Instant at, String actor, String action, IssueState fromState, IssueState toState,
                         String detail) {
}
