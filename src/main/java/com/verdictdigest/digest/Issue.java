package com.verdictdigest.digest;

import java.time.Instant;

/**
 * A stored digest issue, without its content (see {@link IssueSnapshot}).
 *
 * @param localTime   how it goes out, chosen at approval: HH:MM in each reader's zone, or null for everyone at once
 * @param publishedAt when it became public in the archive (its first mail went out); null before
 */
public record Issue(long id, int number, IssueState state, String subject, String editorNote,
                    Instant windowStart, Instant windowEnd, Instant scheduledFor, boolean frozen,
                    Instant createdAt, Instant updatedAt, String localTime, Instant publishedAt) {

    /** "at 08:00 local time" or "to everyone at once": how the issue goes out, for pages and the CLI. */
    public String deliveryLabel() {
        return localTime == null ? "to everyone at once" : "at " + localTime + " in each reader's time zone";
    }

    /** The chosen local time, parsed; null for everyone at once. */
    public java.time.LocalTime localDeliveryTime() {
        return localTime == null ? null : com.verdictdigest.delivery.LocalDelivery.parse(localTime);
    }

    public String stateLabel() {
        return state.db();
    }
}
