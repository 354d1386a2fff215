package com.verdictdigest.delivery;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * When a local-time send reaches a zone: the next time the clocks there show HH:MM, at or after
 * the send's start. Daylight saving is decided here, once for every caller:
 * <ul>
 *   <li>a local time that does not exist that day (the clocks jump over it, e.g. 02:30 on the
 *       last Sunday of March in Berlin) is due at the instant the jump ends, the first instant
 *       after the gap (03:00 CEST);</li>
 *   <li>a local time that exists twice (the clocks go back, 02:30 on the last Sunday of October)
 *       is due at its first occurrence (02:30 CEST, not 02:30 CET).</li>
 * </ul>
 * So each day has one instant for HH:MM; a send started after it (even between the two
 * occurrences of an overlap) reaches the zone at the next day's.
 */
public final class LocalDelivery {

    /** Strict: 24:00 is not a time of day here (the smart default reads it as 00:00). */
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    private LocalDelivery() {
    }

    /** The instant HH:MM next comes in {@code zone}, not before {@code start}. */
    public static Instant dueAt(Instant start, LocalTime at, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        LocalDateTime day = start.atZone(zone).toLocalDate().atTime(at);
        // Today's HH:MM, or else tomorrow's; the loop ends on the second day at the latest.
        while (true) {
            Instant due = instantOf(day, rules);
            if (!due.isBefore(start)) {
                return due;
            }
            day = day.plusDays(1);
        }
    }

    /** A local date-time as an instant, with the rules above for gaps and overlaps. */
    static Instant instantOf(LocalDateTime local, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return rules.getTransition(local).getInstant(); // in a gap: where the gap ends
        }
        Instant first = local.toInstant(offsets.get(0));
        for (ZoneOffset o : offsets) {
            Instant candidate = local.toInstant(o);
            if (candidate.isBefore(first)) {
                first = candidate;
            }
        }
        return first;
    }

    /**
     * {@code HH:MM}, 00:00 to 23:59, as the CLI, the editor's form and {@code verdict.delivery.local-time} take it.
     *
     * @throws IllegalArgumentException naming the value and the form expected
     */
    public static LocalTime parse(String text) {
        String s = text == null ? "" : text.strip();
        try {
            if (s.length() == 5) {
                return LocalTime.parse(s, HH_MM);
            }
        } catch (DateTimeParseException e) {
            // the message below says it better
        }
        throw new IllegalArgumentException("'" + (s.length() > 20 ? s.substring(0, 20) + "…" : s)
                + "' is not a local time: give HH:MM, such as 08:00");
    }

    /**
     * An editor's choice from a form: {@code delivery=now} is everyone at once (null), {@code
     * delivery=local} is {@code localTime} in each reader's zone.
     *
     * @throws IllegalArgumentException on another choice or a time that is not HH:MM
     */
    public static LocalTime fromForm(String delivery, String localTime) {
        return switch (delivery == null ? "" : delivery.strip()) {
            case "now" -> null;
            case "local" -> parse(localTime);
            default -> throw new IllegalArgumentException("delivery: choose 'now' or 'local', not '"
                    + (delivery == null ? "" : delivery.length() > 20 ? delivery.substring(0, 20) + "…" : delivery) + "'");
        };
    }

    public static String format(LocalTime at) {
        return at == null ? null : HH_MM.format(at);
    }
}
