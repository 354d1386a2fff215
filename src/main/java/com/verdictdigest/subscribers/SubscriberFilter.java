package com.verdictdigest.subscribers;

import java.net.IDN;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import com.verdictdigest.subscribers.SubscriberRepository.Row;

/**
 * What the admin list shows, and what its CSV download and server-side export write: a status (or
 * every status) and a search by address prefix, name prefix or domain, or (without a search) a
 * time zone. Every filter pages by a key (never an offset), on an index: newest first by id, or in
 * address or name order.
 *
 * @param status null for every status
 * @param by     what {@code text} searches; {@code text} empty for no search
 * @param zone   readers in this time zone (a canonical id, or {@link #UNKNOWN_ZONE} for those whose
 *               zone is not known); empty for every zone. It does not apply to a search.
 */
public record SubscriberFilter(SubscriberStatus status, By by, String text, String zone) {

    /** The zone filter's value for readers whose zone is not known. */
    public static final String UNKNOWN_ZONE = "unknown";

    public enum By {
        ADDRESS, NAME, DOMAIN;

        public String param() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where a page starts: after the previous page's last row (the first page: {@link #FIRST}). */
    public record Cursor(long beforeId, String afterKey, long afterId) {
        public static final Cursor FIRST = new Cursor(Long.MAX_VALUE, "", 0);
    }

    public static final SubscriberFilter ALL = new SubscriberFilter(null, By.ADDRESS, "", "");

    public SubscriberFilter {
        by = by == null ? By.ADDRESS : by;
        text = text == null ? "" : text;
        zone = zone == null ? "" : zone;
    }

    public SubscriberFilter(SubscriberStatus status, By by, String text) {
        this(status, by, text, "");
    }

    /**
     * The filter of a request's parameters. A search is lower-cased; an address search that starts
     * with "@" is a domain search; a domain is compared in its ASCII form (as addresses are stored).
     * A time zone is an IANA id in any case, or {@link #UNKNOWN_ZONE}; blank for every zone.
     *
     * @throws IllegalArgumentException for an unknown status, search kind or time zone
     */
    public static SubscriberFilter of(String status, String q, String in, String zone) {
        String z = "";
        if (zone != null && !zone.isBlank()) {
            z = zone.strip().equalsIgnoreCase(UNKNOWN_ZONE) ? UNKNOWN_ZONE : ReaderTimeZones.parse(zone)
                    .orElseThrow(() -> new IllegalArgumentException("unknown time zone " + ReaderTimeZones.quoted(zone)));
        }
        SubscriberFilter f = withoutZone(status, q, in);
        return new SubscriberFilter(f.status(), f.by(), f.text(), z);
    }

    private static SubscriberFilter withoutZone(String status, String q, String in) {
        SubscriberStatus s = null;
        if (status != null && !status.isBlank()) {
            try {
                s = SubscriberStatus.fromDb(status.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown status '" + status.strip() + "' (known: "
                        + String.join(", ", java.util.Arrays.stream(SubscriberStatus.values()).map(SubscriberStatus::dbValue).toList()) + ")");
            }
        }
        By by = switch (in == null || in.isBlank() ? "address" : in.strip().toLowerCase(Locale.ROOT)) {
            case "address" -> By.ADDRESS;
            case "name" -> By.NAME;
            case "domain" -> By.DOMAIN;
            default -> throw new IllegalArgumentException("unknown search '" + in + "' (address, name or domain)");
        };
        String text = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        if (by == By.ADDRESS && text.startsWith("@")) {
            by = By.DOMAIN;
        }
        if (by == By.DOMAIN) {
            text = domain(text);
        }
        if (text.length() > 320) {
            text = text.substring(0, 320);
        }
        return new SubscriberFilter(s, by, text);
    }

    private static String domain(String text) {
        String d = text.startsWith("@") ? text.substring(1) : text;
        int at = d.lastIndexOf('@');
        if (at >= 0) {
            d = d.substring(at + 1); // a whole address: its domain
        }
        try {
            return IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return d;
        }
    }

    public boolean searching() {
        return !text.isEmpty();
    }

    /** One page of at most {@code limit} rows after {@code cursor}. */
    public List<Row> page(SubscriberRepository repository, Cursor cursor, int limit) {
        if (!searching() && !zone.isEmpty()) {
            String z = zone.equals(UNKNOWN_ZONE) ? null : zone;
            return status == null ? repository.pageByTimeZone(z, cursor.beforeId(), limit)
                    : repository.pageByTimeZoneAndStatus(z, status, cursor.beforeId(), limit);
        }
        if (!searching()) {
            return status == null ? repository.pageNewestFirst(cursor.beforeId(), limit)
                    : repository.pageByStatus(status, cursor.beforeId(), limit);
        }
        return switch (by) {
            case NAME -> status == null ? repository.searchByName(text, cursor.afterKey(), cursor.afterId(), limit)
                    : repository.searchByNameAndStatus(text, status, cursor.afterKey(), cursor.afterId(), limit);
            case DOMAIN -> status == null ? repository.searchByDomain(text, cursor.afterKey(), limit)
                    : repository.searchByDomainAndStatus(text, status, cursor.afterKey(), limit);
            case ADDRESS -> status == null ? repository.searchByAddress(text, cursor.afterKey(), limit)
                    : repository.searchByAddressAndStatus(text, status, cursor.afterKey(), limit);
        };
    }

    /** The cursor of the page after the one that ended with {@code last}. */
    public Cursor after(Row last) {
        if (!searching()) {
            return new Cursor(last.id(), "", 0);
        }
        return by == By.NAME ? new Cursor(Long.MAX_VALUE, last.nameKey(), last.id())
                : new Cursor(Long.MAX_VALUE, last.emailKey(), 0);
    }

    /** The page parameters of a cursor ("before=42", "after=ada%40x.org"). */
    public String cursorQuery(Cursor c) {
        if (!searching()) {
            return "before=" + c.beforeId();
        }
        return "after=" + URLEncoder.encode(c.afterKey(), StandardCharsets.UTF_8) + (by == By.NAME ? "&afterId=" + c.afterId() : "");
    }

    /** The filter as query parameters, for links that keep it (next page, CSV download). */
    public String query() {
        return "status=" + (status == null ? "" : status.dbValue()) + "&q=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                + "&in=" + by.param() + "&zone=" + URLEncoder.encode(zone, StandardCharsets.UTF_8);
    }

    /** A word for file names and messages: "all", "confirmed", "confirmed-domain-example.org". */
    public String describe() {
        String s = status == null ? "all" : status.dbValue();
        if (searching()) {
            return s + "-" + by.param() + "-" + text.replaceAll("[^a-z0-9.@_-]", "_");
        }
        return zone.isEmpty() ? s : s + "-zone-" + zone.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.@_-]", "_");
    }
}
