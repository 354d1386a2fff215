package com.verdictdigest.digest;

import java.time.Instant;

/** A stored digest issue, without its content (see {@link IssueSnapshot}). */
public record Issue(long id, int number, IssueState state, String subject, String editorNote,
                    Instant windowStart, Instant windowEnd, Instant scheduledFor, boolean frozen,
                    Instant createdAt, Instant updatedAt) {

    public String stateLabel() {
        return state.db();
    }
}
