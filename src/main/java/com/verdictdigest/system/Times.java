package com.verdictdigest.system;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Dates and times as the web pages show them: in one zone (the site's), the same format
 * everywhere ("30 Nov 2026 09:15"), never a raw timestamp. Templates call it as {@code when}.
 */
public record Times(ZoneId zone) {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    /** "30 Nov 2026 09:15"; empty for none. */
    public String shown(Instant t) {
        return t == null ? "" : SHOWN.format(t.atZone(zone));
    }

    /** "30 November 2026"; empty for none. */
    public String day(Instant t) {
        return t == null ? "" : DAY.format(t.atZone(zone));
    }

    /** The instant for a {@code datetime} attribute. */
    public String iso(Instant t) {
        return t == null ? "" : t.toString();
    }

    public String zoneId() {
        return zone.getId();
    }
}
