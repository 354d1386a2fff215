package com.verdictdigest.subscribers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.mail.InvalidEmailException;
import com.verdictdigest.system.DataDirectory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The files outside the database that hold subscribers' data: the CSV exports an admin saved on
 * the server ({@code verdict.subscribers.admin.export-dir}) and the CSV uploads that wait between
 * an import's dry run and the import itself. An erasure scrubs both: an export loses the person's
 * line (rewritten, then moved over the old file), an upload that names them is deleted (the admin
 * uploads it again).
 */
@Component
public class PersonalDataFiles {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataFiles.class);

    // Looked up when first needed: a CLI command that never touches these files creates no directory.
    private final java.util.function.Supplier<Path> exports;
    private final java.util.function.Supplier<Path> uploads;

    /** The data directory's private (0700) {@code uploads/imports}, and the export directory (relative: in the data directory). */
    @Autowired
    public PersonalDataFiles(SubscriberAdminProperties properties, DataDirectory data) {
        this.exports = () -> properties.exportDir().isAbsolute() ? properties.exportDir()
                : data.privateDirectory(properties.exportDir().toString());
        this.uploads = () -> data.privateDirectory("uploads/imports");
    }

    /** At these places (tests, tools). */
    public PersonalDataFiles(Path exports, Path uploads) {
        this.exports = () -> exports;
        this.uploads = () -> uploads;
    }

    /** Where uploads wait for their import (created when first asked for). */
    Path uploads() throws IOException {
        return Files.createDirectories(uploads.get());
    }

    Path exports() throws IOException {
        return Files.createDirectories(exports.get());
    }

    /** Removes the address from every export and deletes every upload that names it. */
    public void scrub(EmailAddress address) {
        try {
            for (Path f : csvFiles(exports.get())) {
                rewriteWithout(f, address);
            }
            for (Path f : csvFiles(uploads.get())) {
                if (mentions(f, address)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("erasing " + address.key() + " from the CSV files failed: " + e.getMessage(), e);
        }
    }

    private static List<Path> csvFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** An export as {@link SubscriberExport} writes it: the address is the first column, spreadsheet-safe. */
    private static void rewriteWithout(Path file, EmailAddress address) throws IOException {
        if (!mentions(file, address)) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".erasing");
        int dropped = 0;
        try (Reader in = lenient(file);
             Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT);
            for (CSVRecord r : CSVFormat.DEFAULT.parse(in)) {
                if (r.size() > 0 && isAddress(SubscriberExport.fromSpreadsheetSafe(r.get(0)), address)) {
                    dropped++;
                    continue;
                }
                csv.printRecord(r.values());
            }
            csv.flush();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.info("Erasure: {} line(s) removed from {}", dropped, file);
    }

    /** UTF-8, a stray byte read as U+FFFD (an upload may be in another encoding; addresses are ASCII here). */
    private static BufferedReader lenient(Path file) throws IOException {
        return new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
    }

    private static boolean isAddress(String value, EmailAddress address) {
        try {
            return EmailAddress.parse(value.strip()).key().equals(address.key());
        } catch (InvalidEmailException e) {
            return false;
        }
    }

    /** A case-insensitive look for the address (as given, or as its key) in the file, line by line. */
    private static boolean mentions(Path file, EmailAddress address) throws IOException {
        String key = address.key();
        String given = address.address().toLowerCase(Locale.ROOT);
        try (BufferedReader r = lenient(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                String l = line.toLowerCase(Locale.ROOT);
                if (l.contains(key) || l.contains(given)) {
                    return true;
                }
            }
        }
        return false;
    }
}
