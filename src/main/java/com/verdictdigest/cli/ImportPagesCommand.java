package com.verdictdigest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonPage;
import com.verdictdigest.catalog.ComparisonPageParser;
import com.verdictdigest.catalog.InvalidComparisonException;
import com.verdictdigest.catalog.PageFormatException;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

@Command(name = "import-pages", mixinStandardHelpOptions = true,
        description = {"Import comparison pages (the text a browser's \"copy text\" gives for a page of the "
                + "comparison site, compact or full layout) into the catalog.",
                "Each file is one comparison, stored in one transaction: a malformed page is reported as "
                        + "file:line: what was expected, and nothing of it is written; the other files still import. "
                        + "Re-importing a page changes nothing; a tool seen on many pages is stored once."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file imported (or was unchanged)",
                "1:at least one file failed; the others were imported",
                "2:bad command line"})
class ImportPagesCommand extends SpringCommand {

    @Parameters(arity = "1..*", paramLabel = "DIR|FILE",
            description = "Page files, or directories whose *.txt files are imported in name order.")
    List<Path> paths;

    @Option(names = "--published", paramLabel = "DATE", converter = PublishedConverter.class,
            description = {"Published time of comparisons new to the catalog: an ISO date (2026-11-20, "
                    + "midnight UTC) or instant (2026-11-20T09:00:00Z). Default: the import time.",
                    "A comparison already in the catalog keeps its published time."})
    Instant published;

    private int filesRead;
    private int created;
    private int updated;
    private int unchanged;
    private int toolsCreated;
    private int toolsUpdated;
    private int errors;

    @Override
    protected Database database() {
        return Database.CREATED;
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx) {
        CatalogImporter importer = ctx.getBean(CatalogImporter.class);
        for (Path file : pageFiles()) {
            importFile(importer, file);
        }
        out().printf("Files read: %d. Comparisons: %d created, %d updated, %d unchanged. "
                        + "Tools: %d created, %d updated. Errors: %d.%n",
                filesRead, created, updated, unchanged, toolsCreated, toolsUpdated, errors);
        out().flush();
        err().flush();
        return errors == 0 ? 0 : 1;
    }

    /** The files named, and each named directory's *.txt files in name order; a missing path is an error. */
    private List<Path> pageFiles() {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> list = Files.list(path)) {
                    list.filter(p -> p.getFileName().toString().endsWith(".txt") && Files.isRegularFile(p))
                            .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                            .forEach(files::add);
                } catch (IOException e) {
                    failed(path + ": cannot list the directory: " + e.getMessage());
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                failed(path + ": no such file or directory");
            }
        }
        return files;
    }

    private void importFile(CatalogImporter importer, Path file) {
        filesRead++;
        ComparisonPage page;
        try {
            page = ComparisonPageParser.parse(file);
        } catch (PageFormatException e) {
            failed(e.getMessage());
            return;
        } catch (CharacterCodingException e) {
            failed(file + ": not UTF-8 text");
            return;
        } catch (NoSuchFileException e) {
            failed(file + ": no such file");
            return;
        } catch (IOException | UncheckedIOException e) {
            failed(file + ": cannot read: " + e.getMessage());
            return;
        }
        try {
            CatalogImporter.Outcome outcome = importer.store(page.input(), published);
            switch (outcome.comparison()) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
            }
            toolsCreated += outcome.toolsCreated();
            toolsUpdated += outcome.toolsUpdated();
            out().printf("%-9s %s  %s%n", outcome.comparison().name().toLowerCase(java.util.Locale.ROOT),
                    file, outcome.slug());
        } catch (InvalidComparisonException e) {
            failed(String.join("; ", e.errors().stream().map(page::locate).toList()));
        }
    }

    private void failed(String message) {
        errors++;
        PrintWriter err = err();
        err.printf("%-9s %s%n", "error", message);
    }

    /** An ISO date (midnight UTC), an instant, or a date-time with offset. */
    static class PublishedConverter implements ITypeConverter<Instant> {

        @Override
        public Instant convert(String value) {
            try {
                if (value.length() == 10) {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value
                        + "' is not an ISO date like 2026-11-20 or an instant like 2026-11-20T09:00:00Z");
            }
        }
    }
}
