package com.verdictdigest.subscribers;

import java.time.Instant;

/** One row of a subscriber's history: a status change, a request, and the evidence that came with it. */
public record SubscriberEvent(long id, long subscriberId, Instant at, String kind, SubscriberStatus statusAfter,
                              String ip, String userAgent, String form, String consentText, String consentVersion,
                              String detail) {
}
