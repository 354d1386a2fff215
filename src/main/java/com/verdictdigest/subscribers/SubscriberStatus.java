package com.verdictdigest.subscribers;

import java.util.Locale;

/** Where a subscriber stands. Only CONFIRMED addresses are ever sent the digest. */
public enum SubscriberStatus {
    PENDING, CONFIRMED, UNSUBSCRIBED, BOUNCED, COMPLAINED, SUPPRESSED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SubscriberStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
