package com.verdictdigest.delivery;

import java.util.Locale;

/** Where a send stands: running, paused (by someone, or a dead SMTP server), cancelled, or done. */
public enum SendState {
    RUNNING, PAUSED, CANCELLED, DONE;

    String db() {
        return name().toLowerCase(Locale.ROOT);
    }
}
