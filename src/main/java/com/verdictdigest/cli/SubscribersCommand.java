package com.verdictdigest.cli;

import java.io.BufferedWriter;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.subscribers.Erasure;
import com.verdictdigest.mail.InvalidEmailException;
import com.verdictdigest.subscribers.OptInMailer;
import com.verdictdigest.subscribers.SignupService;
import com.verdictdigest.subscribers.SubscriberAdmin;
import com.verdictdigest.subscribers.SubscriberExport;
import com.verdictdigest.subscribers.SubscriberImport;
import com.verdictdigest.subscribers.SubscriberStatus;
import com.verdictdigest.subscribers.SubscribersProperties;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "subscribers", mixinStandardHelpOptions = true,
        description = "Manage the list: import and export CSV, add and remove addresses, purge stale sign-ups.",
        subcommands = {
                SubscribersCommand.Import.class,
                SubscribersCommand.Export.class,
                SubscribersCommand.Add.class,
                SubscribersCommand.Remove.class,
                SubscribersCommand.Erase.class,
                SubscribersCommand.PurgePending.class,
        })
class SubscribersCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: give one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The statuses as README, the web pages and the output write them. */
    static final class Statuses implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(SubscriberStatus.values()).map(SubscriberStatus::dbValue).iterator();
        }
    }

    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    static EmailAddress address(String input) {
        try {
            return EmailAddress.parse(input);
        } catch (InvalidEmailException e) {
            throw new CliException("bad address: " + e.getMessage(), 2);
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import subscribers from a CSV file (columns: subscribers/README.md). Every line is reported "
                    + "as what happens to it or as `line N: reason`; duplicates, bad and suppressed addresses are never imported.",
                    "Rows without prior consent get a double opt-in mail; rows with consent_source and consent_date are "
                            + "added as confirmed with that evidence. Written in batches, one transaction each: "
                            + "re-running a file is safe (rows already imported are reported as already in the list).",
                    "Exit code 0: every line imported (or would be); 2: some lines were rejected; 1: the file is unusable."})
    static class Import extends SpringCommand {

        @Parameters(paramLabel = "FILE", description = "CSV file, UTF-8, first line names the columns.")
        Path file;

        @Option(names = "--dry-run", description = "Report what would happen, write nothing, send nothing.")
        boolean dryRun;

        @Option(names = "--errors-only", description = "Report only the rejected lines (and the summary).")
        boolean errorsOnly;

        @Option(names = "--no-progress", description = "No progress on stderr (a bar on a terminal, else a line every 10 s).")
        boolean noProgress;

        @Override
        protected Database database() {
            return Database.CREATED;
        }

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new CliException("no such file: " + file, 2);
            }
            return super.call();
        }

        @Override
        protected int run(ConfigurableApplicationContext ctx) throws IOException {
            SubscriberImport importer = ctx.getBean(SubscriberImport.class);
            Progress bar = noProgress ? null : Progress.start(dryRun ? "Dry run" : "Import", Files.size(file),
                    Progress.Unit.BYTES, err(), Progress.stderrIsTerminal());
            SubscriberImport.Summary summary;
            long started = System.nanoTime();
            try (InputStream in = counting(new FileInputStream(file.toFile()), bar);
                 Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                summary = importer.run(reader, file.getFileName().toString(), actor(), dryRun, line -> {
                    if (!errorsOnly || line.outcome().error()) {
                        out().println(line);
                    }
                });
            } catch (SubscriberImport.ImportException e) {
                throw new CliException(file + ": " + e.getMessage(), 1);
            } finally {
                if (bar != null) {
                    bar.stepTo(Files.size(file));
                    bar.close();
                }
            }
            out().println(summary);
            double seconds = (System.nanoTime() - started) / 1e9;
            out().printf(java.util.Locale.ROOT, "%d rows in %.1f s (%.0f rows/s)%n", summary.rows(), seconds,
                    summary.rows() / Math.max(seconds, 1e-9));
            out().flush();
            return summary.rejected() + summary.mailFailures() > 0 ? 2 : 0;
        }

        private static InputStream counting(InputStream in, Progress bar) {
            if (bar == null) {
                return in;
            }
            return new java.io.FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bar.stepBy(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    if (n > 0) {
                        bar.stepBy(n);
                    }
                    return n;
                }
            };
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the list (or the subscribers in one status) to a CSV file: "
                    + "email,name,status,created_at,confirmed_at. A relative FILE is relative to the working directory.")
    static class Export extends SpringCommand {

        @Option(names = "--status", paramLabel = "S", completionCandidates = Statuses.class,
                description = "Only this status: ${COMPLETION-CANDIDATES} (any case).")
        SubscriberStatus status;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        protected int run(ConfigurableApplicationContext ctx) throws IOException {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            long n;
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
                n = ctx.getBean(SubscriberExport.class).writeCsv(status, w);
            }
            out().println("Wrote " + n + " subscribers" + (status == null ? "" : " (" + status.dbValue() + ")") + " to " + file);
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add an address as pending and send it the double opt-in mail.")
    static class Add extends SpringCommand {

        @Parameters(paramLabel = "ADDR")
        String address;

        @Option(names = "--name", description = "The subscriber's name.")
        String name;

        @Override
        protected int run(ConfigurableApplicationContext ctx) {
            EmailAddress a = address(address);
            try {
                long id = ctx.getBean(SubscriberAdmin.class).add(a, name, actor(), "cli");
                out().println("Added " + a + " (id " + id + ") as pending; opt-in mail sent.");
                return 0;
            } catch (SubscriberAdmin.RefusedException | OptInMailer.RefusedException e) {
                throw new CliException(e.getMessage(), 3);
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Stop mailing an address (status unsubscribed; it can sign up again through opt-in).",
                    "With --erase: delete everything held about it (GDPR Art. 17) and keep only its hash "
                            + "on the suppression list, so it is never mailed or imported again."})
    static class Remove extends SpringCommand {

        @Parameters(paramLabel = "ADDR")
        String address;

        @Option(names = "--erase", description = "Erase the subscriber's personal data (GDPR Art. 17).")
        boolean erase;

        @Override
        protected int run(ConfigurableApplicationContext ctx) {
            EmailAddress a = address(address);
            try {
                var removed = ctx.getBean(SubscriberAdmin.class).remove(a, actor(), "cli");
                if (erase) {
                    ctx.getBean(Erasure.class).erase(removed.id(), actor());
                    out().println("Erased " + a + "; its hash stays on the suppression list.");
                } else {
                    out().println("Removed " + a + " (unsubscribed).");
                }
                return 0;
            } catch (SubscriberAdmin.RefusedException e) {
                throw new CliException(e.getMessage(), 3);
            }
        }
    }

    @Command(name = "erase", mixinStandardHelpOptions = true,
            description = {"Erase everything held about an address (GDPR Art. 17): the subscriber with their history, "
                    + "and the address in the send ledger, bounce records, CSV exports saved on the server and uploads "
                    + "waiting for import.", "Only the address's hash stays, on the suppression list, so it is never "
                    + "mailed or imported again. An address that is no subscriber's is erased from the rest and suppressed."})
    static class Erase extends SpringCommand {

        @Parameters(paramLabel = "ADDR")
        String address;

        @Override
        protected int run(ConfigurableApplicationContext ctx) {
            EmailAddress a = address(address);
            Erasure.Result r = ctx.getBean(Erasure.class).erase(a, actor());
            out().println(r == Erasure.Result.ERASED_SUBSCRIBER
                    ? "Erased " + a + " and everything held about it; its hash stays on the suppression list."
                    : a + " was no subscriber's; erased wherever else it was held, and its hash is on the suppression list.");
            return 0;
        }
    }

    @Command(name = "purge-pending", mixinStandardHelpOptions = true,
            description = "Purge sign-ups left unconfirmed (default: older than verdict.subscribers.pending-ttl, 7 days): "
                    + "never-confirmed ones are deleted, returning former subscribers go back to unsubscribed.")
    static class PurgePending extends SpringCommand {

        @Option(names = "--older-than-days", paramLabel = "N", description = "Age in days (default: the configured retention).")
        Integer days;

        @Override
        protected int run(ConfigurableApplicationContext ctx) {
            if (days != null && days < 1) {
                throw new CliException("--older-than-days must be at least 1, not " + days, 2);
            }
            Duration age = days == null ? ctx.getBean(SubscribersProperties.class).pendingTtl() : Duration.ofDays(days);
            int n = ctx.getBean(SignupService.class).purgePending(age);
            out().println("Purged " + n + " pending sign-ups older than " + age.toDays() + " days.");
            return 0;
        }
    }
}
