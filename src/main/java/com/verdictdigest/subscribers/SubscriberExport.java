package com.verdictdigest.subscribers;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.verdictdigest.subscribers.SubscriberRepository.Row;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Service;

/**
 * What leaves the system about subscribers: the CSV of a (filtered) list, written page by page
 * so a million rows never sit in memory, and the Art. 15 copy of everything held about one.
 */
@Service
public class SubscriberExport {

    public static final List<String> CSV_COLUMNS = List.of("email", "name", "status", "created_at", "confirmed_at", "time_zone");

    private static final int PAGE = 5000;

    private final SubscriberRepository repository;

    public SubscriberExport(SubscriberRepository repository) {
        this.repository = repository;
    }

    /**
     * @param status null for every status
     * @return rows written
     */
    public long writeCsv(SubscriberStatus status, Writer out) throws IOException {
        return writeCsv(new SubscriberFilter(status, null, ""), out);
    }

    /**
     * Every subscriber the filter selects (the admin list's status and search), in the list's order.
     *
     * @return rows written
     */
    public long writeCsv(SubscriberFilter filter, Writer out) throws IOException {
        long written = 0;
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CSV_COLUMNS.toArray(String[]::new)).get());
        SubscriberFilter.Cursor cursor = SubscriberFilter.Cursor.FIRST;
        while (true) {
            List<Row> page = filter.page(repository, cursor, PAGE);
            for (Row r : page) {
                // Every cell, not only the name: an address such as =cmd|'/C calc'!A0@example.com is
                // valid and signs up anonymously.
                csv.printRecord(spreadsheetSafe(r.email()), spreadsheetSafe(r.name()), spreadsheetSafe(r.status().dbValue()),
                        spreadsheetSafe(String.valueOf(r.createdAt())),
                        spreadsheetSafe(r.confirmedAt() == null ? "" : String.valueOf(r.confirmedAt())),
                        spreadsheetSafe(r.timeZone() == null ? "" : r.timeZone()));
            }
            written += page.size();
            if (page.size() < PAGE) {
                break;
            }
            cursor = filter.after(page.get(page.size() - 1));
        }
        csv.flush();
        return written;
    }

    /**
     * A cell starting with {@code = + - @}, a tab or a CR is a formula (or starts one) when the file
     * is opened in a spreadsheet (OWASP "CSV injection"): it gets a leading apostrophe, which the
     * spreadsheet shows as text.
     */
    static String spreadsheetSafe(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return FORMULA_START.indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }

    /**
     * The reverse of {@link #spreadsheetSafe}: a cell read back from an export as it was before
     * (the erasure matches the address column of a saved export against the erased address).
     */
    static String fromSpreadsheetSafe(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && FORMULA_START.indexOf(cell.charAt(1)) >= 0 ? cell.substring(1) : cell;
    }

    private static final String FORMULA_START = "=+-@\t\r";

    /** GDPR Art. 15: the subscriber row, its whole history with consent evidence, its opt-in tokens' lives, its suppression. */
    public Optional<Map<String, Object>> personalData(long subscriberId) {
        return repository.findById(subscriberId).map(d -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("subscriber", subscriber(d));
            json.put("events", repository.findEvents(subscriberId).stream().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("at", e.at().toString());
                m.put("kind", e.kind());
                m.put("statusAfter", e.statusAfter().dbValue());
                m.put("ip", e.ip());
                m.put("userAgent", e.userAgent());
                m.put("form", e.form());
                m.put("consentText", e.consentText());
                m.put("consentVersion", e.consentVersion());
                m.put("detail", e.detail());
                return m;
            }).toList());
            json.put("confirmationMails", repository.findTokens(subscriberId).stream().map(t -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sentAt", t.createdAt().toString());
                m.put("expiresAt", t.expiresAt().toString());
                m.put("usedAt", t.usedAt() == null ? null : t.usedAt().toString());
                return m;
            }).toList());
            json.put("suppression", repository.findSuppression(d.address().hash()).map(s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("reason", s.reason());
                m.put("since", s.createdAt().toString());
                return m;
            }).orElse(null));
            return json;
        });
    }

    private static Map<String, Object> subscriber(Subscriber d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("email", d.email());
        m.put("name", d.name());
        m.put("status", d.status().dbValue());
        m.put("categories", d.categories().isEmpty() ? null : List.copyOf(d.categories()));
        m.put("textOnly", d.textOnly());
        m.put("showVotes", d.showVotes());
        m.put("pausedUntil", d.pausedUntil() == null ? null : d.pausedUntil().toString());
        m.put("softBounces", d.softBounces());
        m.put("createdAt", d.createdAt().toString());
        m.put("updatedAt", d.updatedAt().toString());
        m.put("confirmedAt", d.confirmedAt() == null ? null : d.confirmedAt().toString());
        m.put("timeZone", d.timeZone());
        return m;
    }
}
