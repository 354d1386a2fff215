package com.verdictdigest.subscribers;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Readers' time zones, as every way in and out shares them (sign-up, preferences, CSV, admin, and
 * delivery's local-time waves): which ids a reader may have, and which zone a stored id stands for.
 *
 * <p>A reader's zone is an IANA region id the JDK knows ({@code Europe/Berlin}, {@code UTC}),
 * stored as the JDK spells it. A reader without one (a browser that sent none or one the JDK does
 * not know, an import without the column, everyone from before this existed) is stored as null and
 * gets the list's default zone, {@code verdict.subscribers.default-time-zone}, when a send starts:
 * changing the default moves them all.
 */
@Component
public class ReaderTimeZones {

    /** Longer ids do not exist (the longest is America/Argentina/ComodRivadavia, 32); longer input is refused unread. */
    static final int MAX_LENGTH = 64;

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9/_+-]{1,64}");
    /** The areas of the tz database a person lives in; the datalist offers these and UTC. */
    private static final Pattern OFFERED = Pattern.compile(
            "(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+");

    private static final Map<String, String> BY_LOWER_CASE = new HashMap<>();
    private static final List<String> CHOICES;

    static {
        for (String id : ZoneId.getAvailableZoneIds()) {
            // SystemV/* are fixed-rule relics of old Unix systems, not places.
            if (!id.startsWith("SystemV/")) {
                BY_LOWER_CASE.put(id.toLowerCase(Locale.ROOT), id);
            }
        }
        CHOICES = BY_LOWER_CASE.values().stream().filter(id -> id.equals("UTC") || OFFERED.matcher(id).matches())
                .sorted().toList();
    }

    private final ZoneId defaultZone;

    @Autowired
    public ReaderTimeZones(SubscribersProperties properties) {
        this(properties.defaultTimeZone());
    }

    public ReaderTimeZones(ZoneId defaultZone) {
        this.defaultZone = defaultZone;
    }

    /** The zone of readers whose zone is not known. */
    public ZoneId defaultZone() {
        return defaultZone;
    }

    /**
     * A zone a reader may have: an IANA region id the JDK knows, in any letter case, returned as
     * the JDK spells it ({@code asia/tokyo} → {@code Asia/Tokyo}).
     *
     * @return empty for null, blank, over 64 characters, or no zone the JDK knows
     */
    public static Optional<String> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (!SHAPE.matcher(s).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_LOWER_CASE.get(s.toLowerCase(Locale.ROOT)));
    }

    /**
     * The zone a reader's stored id stands for when a send starts: the id, or the default zone when
     * it is null or the JDK no longer knows it (a zone can be renamed in a tz database update).
     */
    public ZoneId zoneOf(String stored) {
        if (stored == null || stored.isBlank()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(stored);
        } catch (DateTimeException e) {
            return defaultZone;
        }
    }

    /** The zones offered in pickers (the preferences page's searchable list), sorted. */
    public static List<String> choices() {
        return CHOICES;
    }

    /** For a message: the id, cut and without control characters, quoted. */
    static String quoted(String text) {
        String s = text == null ? "" : text.strip();
        if (s.length() > MAX_LENGTH) {
            s = s.substring(0, MAX_LENGTH) + "…";
        }
        return "'" + s.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
