package com.verdictdigest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.verdictdigest.bounces.Bounce;
import com.verdictdigest.bounces.BounceKind;
import com.verdictdigest.bounces.BounceProcessor;
import com.verdictdigest.bounces.Mbox;
import com.verdictdigest.bounces.UnparseableMessageException;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bounces", mixinStandardHelpOptions = true,
        description = "Bounce and complaint processing (the mailbox itself is polled by `serve` when "
                + "verdict.delivery.bounces.enabled is set).",
        subcommands = {BouncesCommand.Import.class, CommandLine.HelpCommand.class})
class BouncesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: give one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Process raw bounce messages from files, as the mailbox poller would: DSNs, "
                    + "ARF complaints, non-standard bounce texts.",
                    "Each message prints: file[#n in an mbox], recipient, status code, reason (user unknown, "
                            + "mailbox full, blocked...), hard/soft/complaint/unsubscribe/not a bounce, what was done, and "
                            + "what tied it to a mail of ours ([VERP], [Message-ID]; [address only]: nothing is done).",
                    "Exit code 0 unless a file cannot be read; a message that cannot be parsed gets its own line."})
    static class Import extends SpringCommand {

        @Parameters(arity = "1..*", paramLabel = "FILE|DIR",
                description = "A .eml file (one message), an mbox file, or a directory (its .eml, .mbox, .mbx "
                        + "and extension-less files, recursively).")
        List<Path> paths;

        @Option(names = "--dry-run", description = "Say what would be done; change nothing.")
        boolean dryRun;

        @Override
        protected int run(ConfigurableApplicationContext ctx) {
            BounceProcessor processor = ctx.getBean(BounceProcessor.class);
            Tally tally = new Tally();
            for (Path path : paths) {
                List<Path> files;
                try {
                    files = files(path);
                } catch (IOException e) {
                    err().println("error: cannot read " + path + ": " + reason(e));
                    tally.unreadableFiles++;
                    continue;
                }
                for (Path file : files) {
                    try {
                        importFile(processor, file, tally);
                    } catch (IOException e) {
                        err().println("error: cannot read " + file + ": " + reason(e));
                        tally.unreadableFiles++;
                    }
                }
            }
            out().println(tally.summary(dryRun));
            out().flush();
            err().flush();
            return tally.unreadableFiles > 0 ? 1 : 0;
        }

        private void importFile(BounceProcessor processor, Path file, Tally tally) throws IOException {
            if (!Files.isReadable(file)) {
                throw new IOException("not readable");
            }
            if (Mbox.looksLikeMbox(file)) {
                int n = Mbox.read(file, (i, raw) -> one(processor, file + "#" + i, raw, tally));
                if (n == 0) {
                    out().println(file + "  cannot parse: an mbox without messages");
                    tally.unparseable++;
                }
            } else {
                one(processor, file.toString(), Files.readAllBytes(file), tally);
            }
        }

        private void one(BounceProcessor processor, String where, byte[] raw, Tally tally) {
            PrintWriter out = out();
            try {
                BounceProcessor.Outcome o = processor.process(raw, dryRun);
                tally.kinds.merge(o.bounce().kind(), 1, Integer::sum);
                Bounce b = o.bounce();
                out.println(String.join("  ", where,
                        o.recipient() == null ? "(no recipient found)" : o.recipient(),
                        b.status() == null ? "-" : b.status(),
                        b.reason().label() + (b.feedbackType() == null ? "" : " (" + b.feedbackType() + ")"),
                        b.kind().label(),
                        o.action() + evidence(o)));
            } catch (UnparseableMessageException e) {
                tally.unparseable++;
                out.println(where + "  cannot parse: " + e.getMessage());
            }
        }

        /** How the message was tied to our mail (or that it was not), e.g. " [VERP, issue 3]". */
        private static String evidence(BounceProcessor.Outcome o) {
            if (o.evidence() == null) {
                return "";
            }
            return " [" + o.evidence() + (o.issueNumber() == null ? "" : ", issue " + o.issueNumber()) + "]";
        }

        private static List<Path> files(Path path) throws IOException {
            if (!Files.exists(path)) {
                throw new IOException("no such file or directory");
            }
            if (!Files.isDirectory(path)) {
                return List.of(path);
            }
            try (Stream<Path> walk = Files.walk(path)) {
                return new ArrayList<>(walk.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(Import::isMailFile)
                        .sorted()
                        .toList());
            }
        }

        private static boolean isMailFile(Path p) {
            String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".eml") || name.endsWith(".mbox") || name.endsWith(".mbx") || !name.contains(".");
        }

        private static String reason(IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName()
                    : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
        }
    }

    private static final class Tally {
        final Map<BounceKind, Integer> kinds = new EnumMap<>(BounceKind.class);
        int unparseable;
        int unreadableFiles;

        String summary(boolean dryRun) {
            int total = kinds.values().stream().mapToInt(Integer::intValue).sum() + unparseable;
            return total + " message(s): " + kinds.getOrDefault(BounceKind.HARD, 0) + " hard, "
                    + kinds.getOrDefault(BounceKind.SOFT, 0) + " soft, "
                    + kinds.getOrDefault(BounceKind.COMPLAINT, 0) + " complaint(s), "
                    + kinds.getOrDefault(BounceKind.UNSUBSCRIBE, 0) + " unsubscribe request(s), "
                    + kinds.getOrDefault(BounceKind.NOT_A_BOUNCE, 0) + " not a bounce, "
                    + unparseable + " unparseable"
                    + (unreadableFiles > 0 ? "; " + unreadableFiles + " file(s) unreadable" : "")
                    + (dryRun ? " (dry run: nothing changed)" : "");
        }
    }
}
