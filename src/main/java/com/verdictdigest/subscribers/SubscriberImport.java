package com.verdictdigest.subscribers;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.mail.InvalidEmailException;
import com.verdictdigest.subscribers.SubscriberRepository.NewSubscriber;
import com.verdictdigest.system.SqlTime;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CSV import of subscribers (columns in {@code subscribers/README.md}), streamed: the file is
 * read record by record and written in batches of {@code importBatchSize} rows, each batch one
 * transaction (a crash leaves whole batches or nothing of a batch). Every line gets a verdict,
 * in line order: added as pending with an opt-in mail, added as confirmed with the consent the
 * file states (source and date), or {@code line N: reason} for bad, duplicate, already listed
 * and suppressed addresses, which are never imported. A dry run reports the same without writing.
 * Re-running a file is safe: rows already imported are reported as already in the list.
 */
@Service
public class SubscriberImport {

    /** The columns a file may have; {@code email} is required. */
    public static final List<String> COLUMNS = List.of("email", "name", "categories", "consent_source", "consent_date", "consent_text",
            "time_zone");

    public enum Outcome {
        OPT_IN, CONFIRMED, INVALID, DUPLICATE, ALREADY_LISTED, SUPPRESSED;

        public boolean error() {
            return this != OPT_IN && this != CONFIRMED;
        }
    }

    /** What happened (or would happen) to one line. */
    public record LineReport(long line, Outcome outcome, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    public record Summary(boolean dryRun, long rows, long optIn, long confirmed, long invalid, long duplicates,
                          long alreadyListed, long suppressed, long mailFailures) {

        public long imported() {
            return optIn + confirmed;
        }

        public long rejected() {
            return invalid + duplicates + alreadyListed + suppressed;
        }

        @Override
        public String toString() {
            return (dryRun ? "Dry run: " : "") + rows + " rows: "
                    + optIn + (dryRun ? " would get" : " got") + " an opt-in mail, "
                    + confirmed + (dryRun ? " would be" : " were") + " added as confirmed, "
                    + invalid + " invalid, " + duplicates + " duplicate in the file, "
                    + alreadyListed + " already in the list, " + suppressed + " suppressed"
                    + (mailFailures > 0 ? ", " + mailFailures + " opt-in mails failed" : "");
        }
    }

    /** The file cannot be read further (header, CSV syntax); the message starts with {@code line N:}. */
    public static class ImportException extends RuntimeException {
        public ImportException(String message) {
            super(message);
        }
    }

    private final SubscriberRepository repository;
    private final OptInMailer optInMailer;
    private final TransactionTemplate tx;
    private final SubscriberAdminProperties properties;
    private final Categories categories;
    private final Clock clock;

    public SubscriberImport(SubscriberRepository repository, OptInMailer optInMailer,
                            PlatformTransactionManager txManager, SubscriberAdminProperties properties,
                            Categories categories, Clock clock) {
        this.repository = repository;
        this.optInMailer = optInMailer;
        this.tx = new TransactionTemplate(txManager);
        this.properties = properties;
        this.categories = categories;
        this.clock = clock;
    }

    /** A parsed line on its way to the database, or its error. */
    private static final class Item {
        final long line;
        EmailAddress address;
        String hash;
        String name;
        String categories;
        String consentSource;
        Instant consentAt;
        String consentText;
        String timeZone;
        Outcome outcome;
        String message;

        Item(long line) {
            this.line = line;
        }

        Item fail(Outcome o, String m) {
            outcome = o;
            message = m;
            return this;
        }
    }

    private static final class Counts {
        long rows, optIn, confirmed, invalid, duplicates, alreadyListed, suppressed, mailFailures;
    }

    /**
     * @param fileName recorded as the consent form {@code csv-import:fileName}
     * @param actor    who imports (admin user name or "cli"), kept in the history
     * @param report   receives one report per data line, in line order
     * @throws ImportException if the header is unusable or the CSV syntax breaks (batches before stay written)
     */
    public Summary run(Reader csv, String fileName, String actor, boolean dryRun, Consumer<LineReport> report) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreEmptyLines(false).get();
        Counts counts = new Counts();
        String form = truncate("csv-import:" + fileName, 100);
        try (CSVParser parser = CSVParser.builder().setReader(csv).setFormat(format).get()) {
            var records = parser.iterator();
            long lineEnd = 0;
            Map<String, Integer> columns = null;
            InFileKeys seen = new InFileKeys();
            Categories.Resolver known = categories.resolver();
            List<Item> batch = new ArrayList<>();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw new ImportException("line " + (lineEnd + 1) + ": not valid CSV: " + rootMessage(e));
                }
                long line = lineEnd + 1;
                lineEnd = parser.getCurrentLineNumber();
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue; // blank line
                }
                if (columns == null) {
                    columns = header(record, line);
                    continue;
                }
                counts.rows++;
                batch.add(parse(record, line, columns, seen, known));
                if (batch.size() >= properties.importBatchSize()) {
                    flush(batch, form, actor, dryRun, counts, report);
                    batch.clear();
                }
            }
            if (columns == null) {
                throw new ImportException("line 1: the file is empty; the first line must name the columns ("
                        + String.join(",", COLUMNS) + ")");
            }
            flush(batch, form, actor, dryRun, counts, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Summary(dryRun, counts.rows, counts.optIn, counts.confirmed, counts.invalid, counts.duplicates,
                counts.alreadyListed, counts.suppressed, counts.mailFailures);
    }

    private static Map<String, Integer> header(CSVRecord record, long line) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < record.size(); i++) {
            String name = record.get(i).replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                throw new ImportException("line " + line + ": unknown column '" + name + "' (known: " + String.join(", ", COLUMNS) + ")");
            }
            if (columns.put(name, i) != null) {
                throw new ImportException("line " + line + ": column '" + name + "' appears twice");
            }
        }
        if (!columns.containsKey("email")) {
            throw new ImportException("line " + line + ": missing column 'email' (the header names: "
                    + String.join(",", record.toList()) + ")");
        }
        if (columns.containsKey("consent_source") != columns.containsKey("consent_date")) {
            throw new ImportException("line " + line + ": columns consent_source and consent_date go together: give both or neither");
        }
        return columns;
    }

    private Item parse(CSVRecord record, long line, Map<String, Integer> columns, InFileKeys seen,
                       Categories.Resolver known) {
        Item item = new Item(line);
        if (record.size() != columns.size()) {
            return item.fail(Outcome.INVALID, "has " + record.size() + " fields, the header has " + columns.size()
                    + " (missing or extra column)");
        }
        String email = value(record, columns, "email");
        try {
            item.address = EmailAddress.parse(email);
        } catch (InvalidEmailException e) {
            return item.fail(Outcome.INVALID, "bad address " + (email == null ? "(empty)" : "'" + oneLine(email) + "'")
                    + ": " + e.getMessage());
        }
        String who = item.address.address();
        item.name = value(record, columns, "name");
        if (item.name != null && (item.name.length() > 200 || item.name.chars().anyMatch(Character::isISOControl))) {
            return item.fail(Outcome.INVALID, who + ": name is longer than 200 characters or has control characters");
        }
        String categories = value(record, columns, "categories");
        if (categories != null) {
            if (categories.length() > 2000 || categories.chars().anyMatch(Character::isISOControl)) {
                return item.fail(Outcome.INVALID, who + ": categories are longer than 2000 characters or have control characters");
            }
            try {
                // As on the sign-up form: none or every one means all; an unknown one is refused.
                Set<String> chosen = known.resolve(Arrays.asList(categories.split(";")), List.of());
                item.categories = chosen.isEmpty() ? null : String.join("\n", chosen);
            } catch (Categories.UnknownCategoryException e) {
                return item.fail(Outcome.INVALID, who + ": categories: " + e.getMessage());
            }
        }
        String zone = value(record, columns, "time_zone");
        if (zone != null) {
            item.timeZone = ReaderTimeZones.parse(zone).orElse(null);
            if (item.timeZone == null) {
                return item.fail(Outcome.INVALID, "unknown time zone " + ReaderTimeZones.quoted(zone) + " for " + who
                        + " (an IANA zone such as Europe/Berlin, or empty for the list's default)");
            }
        }
        String source = value(record, columns, "consent_source");
        String date = value(record, columns, "consent_date");
        if ((source == null) != (date == null)) {
            return item.fail(Outcome.INVALID, who + ": consent_source and consent_date go together: give both or neither");
        }
        if (source != null) {
            if (source.length() > 200) {
                return item.fail(Outcome.INVALID, who + ": consent_source is longer than 200 characters");
            }
            try {
                item.consentAt = consentInstant(date);
            } catch (DateTimeParseException e) {
                return item.fail(Outcome.INVALID, who + ": consent_date '" + oneLine(date)
                        + "' is not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)");
            }
            if (item.consentAt.isAfter(clock.instant())) {
                return item.fail(Outcome.INVALID, who + ": consent_date " + date + " is in the future");
            }
            item.consentSource = oneLine(source);
            item.consentText = value(record, columns, "consent_text");
            if (item.consentText != null && item.consentText.length() > 2000) {
                return item.fail(Outcome.INVALID, who + ": consent_text is longer than 2000 characters");
            }
        } else if (value(record, columns, "consent_text") != null) {
            return item.fail(Outcome.INVALID, who + ": consent_text without consent_source and consent_date");
        }
        item.hash = item.address.hash();
        long first = seen.putIfAbsent(Long.parseUnsignedLong(item.hash.substring(0, 16), 16), line);
        if (first != 0) {
            return item.fail(Outcome.DUPLICATE, "duplicate of line " + first + " (" + who + "), not imported");
        }
        return item;
    }

    private void flush(List<Item> batch, String form, String actor, boolean dryRun, Counts counts, Consumer<LineReport> report) {
        if (batch.isEmpty()) {
            return;
        }
        List<Item> accepted;
        try {
            accepted = classifyAndWrite(batch, form, actor, dryRun);
        } catch (DuplicateKeyException raced) {
            // Someone signed up with one of these addresses meanwhile: the batch rolled back; look again.
            accepted = classifyAndWrite(batch, form, actor, dryRun);
        }
        if (!dryRun) {
            List<Item> pending = accepted.stream().filter(i -> i.outcome == Outcome.OPT_IN).toList();
            if (!pending.isEmpty()) {
                List<String> keys = pending.stream().map(i -> i.address.key()).toList();
                try {
                    List<Long> notSent = optInMailer.sendOptIns(repository.findIdsByEmailKeys(keys));
                    counts.mailFailures += notSent.size();
                } catch (MailException e) {
                    counts.mailFailures += pending.size();
                    for (Item i : pending) {
                        i.message += ", but the opt-in mail failed (" + rootMessage(e) + "): resend it from the admin page";
                    }
                }
            }
        }
        batch.sort(Comparator.comparingLong(i -> i.line));
        for (Item i : batch) {
            switch (i.outcome) {
                case OPT_IN -> counts.optIn++;
                case CONFIRMED -> counts.confirmed++;
                case INVALID -> counts.invalid++;
                case DUPLICATE -> counts.duplicates++;
                case ALREADY_LISTED -> counts.alreadyListed++;
                case SUPPRESSED -> counts.suppressed++;
            }
            report.accept(new LineReport(i.line, i.outcome, i.message));
        }
    }

    /** Sets the outcome of every still-open item against the database, and writes the accepted ones. */
    private List<Item> classifyAndWrite(List<Item> batch, String form, String actor, boolean dryRun) {
        List<Item> open = batch.stream().filter(i -> i.outcome == null || !i.outcome.error() && i.address != null).toList();
        Map<String, SubscriberStatus> existing = repository.findStatusByEmailKeys(open.stream().map(i -> i.address.key()).toList());
        Set<String> suppressed = repository.findSuppressedHashes(open.stream().map(i -> i.hash).toList());
        Instant now = SqlTime.now(clock);
        List<Item> accepted = new ArrayList<>();
        List<NewSubscriber> rows = new ArrayList<>();
        for (Item i : open) {
            String who = i.address.address();
            SubscriberStatus status = existing.get(i.address.key());
            if (suppressed.contains(i.hash)) {
                i.fail(Outcome.SUPPRESSED, who + " is on the suppression list (never mailed again), not imported");
            } else if (status != null) {
                i.fail(Outcome.ALREADY_LISTED, who + " is already in the list (" + status.dbValue() + "), not imported");
            } else if (i.consentSource != null) {
                String consent = "consent: " + i.consentSource + " on " + i.consentAt;
                i.fail(Outcome.CONFIRMED, who + (dryRun ? ": would be added as confirmed (" : ": added as confirmed (") + consent + ")");
                accepted.add(i);
                rows.add(new NewSubscriber(who, i.address.key(), i.name, SubscriberStatus.CONFIRMED,
                        i.categories, now, i.consentAt, "import", form, i.consentText,
                        truncate("prior consent stated by the file: source " + i.consentSource + ", date " + i.consentAt
                                + "; line " + i.line + "; imported by " + actor, 2000), i.timeZone));
            } else {
                i.fail(Outcome.OPT_IN, who + (dryRun ? ": would be added as pending and sent an opt-in mail"
                        : ": added as pending, opt-in mail sent"));
                accepted.add(i);
                rows.add(new NewSubscriber(who, i.address.key(), i.name, SubscriberStatus.PENDING,
                        i.categories, now, null, "import", form, null,
                        truncate("no prior consent in the file: double opt-in mail; line " + i.line + "; imported by " + actor, 2000),
                        i.timeZone));
            }
        }
        if (!dryRun && !rows.isEmpty()) {
            tx.executeWithoutResult(s -> repository.insertWithEvents(rows));
        }
        return accepted;
    }

    private static Instant consentInstant(String date) {
        if (date.length() == 10) {
            return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return OffsetDateTime.parse(date).toInstant();
    }

    private static String value(CSVRecord record, Map<String, Integer> columns, String column) {
        Integer i = columns.get(column);
        if (i == null) {
            return null;
        }
        String v = record.get(i);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\p{Cntrl}", " ");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * The addresses seen so far in the file, as the first 64 bits of their SHA-256 with the line
     * they were on: 16 bytes per address in open addressing, so a million rows cost 32 MB at
     * most, not the strings. (A false duplicate needs a 64-bit collision: about 1 in 10^7 files
     * of a million rows.)
     */
    static final class InFileKeys {
        private long[] keys = new long[1 << 16];
        private long[] lines = new long[1 << 16];
        private int size;

        /** @return the line the key was first seen on, or 0 (and remembers {@code line}) */
        long putIfAbsent(long key, long line) {
            if (key == 0) {
                key = 1; // 0 marks an empty slot
            }
            if (size * 2 >= keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int i = Long.hashCode(key * 0x9E3779B97F4A7C15L) & mask;
            while (keys[i] != 0) {
                if (keys[i] == key) {
                    return lines[i];
                }
                i = (i + 1) & mask;
            }
            keys[i] = key;
            lines[i] = line;
            size++;
            return 0;
        }

        private void grow() {
            long[] oldKeys = keys;
            long[] oldLines = lines;
            keys = new long[oldKeys.length * 2];
            lines = new long[oldKeys.length * 2];
            size = 0;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != 0) {
                    putIfAbsent(oldKeys[j], oldLines[j]);
                }
            }
        }
    }
}
