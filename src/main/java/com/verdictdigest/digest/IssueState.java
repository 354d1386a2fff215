package com.verdictdigest.digest;

import java.util.Locale;

/** Where an issue is on its way out: draft → approved → scheduled → sending → sent, or cancelled. */
public enum IssueState {
    DRAFT, APPROVED, SCHEDULED, SENDING, SENT, CANCELLED;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IssueState fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Content and subject may change only while nobody has approved them. */
    public boolean editable() {
        return this == DRAFT;
    }
}
