package com.verdictdigest.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.DigestRenderer;
import com.verdictdigest.delivery.SendProgress;
import com.verdictdigest.delivery.SendService;
import com.verdictdigest.digest.Issue;
import com.verdictdigest.digest.IssueLifecycle;
import com.verdictdigest.digest.IssueSnapshot;
import com.verdictdigest.digest.IssueStateException;
import com.verdictdigest.digest.LintBlockedException;
import com.verdictdigest.digest.LintReport;
import com.verdictdigest.digest.NoSuchIssueException;
import com.verdictdigest.digest.PersonalMessage;
import com.verdictdigest.digest.RenderedIssue;
import com.verdictdigest.delivery.TestCopyNotSentException;
import com.verdictdigest.digest.TestCopies;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "digest", mixinStandardHelpOptions = true,
        description = "The weekly digest: preview the next issue, list, approve and test-send issues.",
        subcommands = {DigestCommand.Preview.class, DigestCommand.ListIssues.class, DigestCommand.Approve.class,
                DigestCommand.TestSendCommand.class})
class DigestCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: give one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    static void printLint(PrintWriter out, LintReport lint) {
        if (lint.findings().isEmpty()) {
            out.println("lint: no findings");
            return;
        }
        out.println("lint: " + lint.errors().size() + " errors, " + lint.warnings().size() + " warnings");
        for (LintReport.Finding f : lint.findings()) {
            out.println("  " + f.severity().name().toLowerCase() + " " + f.code() + ": " + f.message());
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = {"Render the next issue (the newest draft, or what a window closing now would hold) "
                    + "into DIR/issue.html and DIR/issue.txt, as a sample subscriber sees it; lint on stdout.",
                    "Stores nothing; works before any issue exists."})
    static class Preview extends SpringCommand {

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into (created if missing).")
        Path out;

        @Override
        protected int run(ConfigurableApplicationContext ctx) throws Exception {
            DigestIssues issues = ctx.getBean(DigestIssues.class);
            DigestRenderer renderer = ctx.getBean(DigestRenderer.class);
            Clock clock = ctx.getBean(Clock.class);
            IssueSnapshot snapshot;
            String what;
            java.util.Optional<Issue> draft = issues.latestDraft();
            if (draft.isPresent()) {
                snapshot = issues.snapshot(draft.get().number());
                what = "Draft issue #" + snapshot.number();
            } else {
                snapshot = issues.previewNext(clock.instant());
                what = "Next issue #" + snapshot.number() + " (not stored yet)";
            }
            RenderedIssue rendered = renderer.renderShared(snapshot);
            PersonalMessage m = renderer.personalise(rendered, renderer.sampleReader());
            Files.createDirectories(out);
            Files.writeString(out.resolve("issue.html"), m.html(), StandardCharsets.UTF_8);
            Files.writeString(out.resolve("issue.txt"), m.text(), StandardCharsets.UTF_8);
            out().println(what + ": " + snapshot.comparisons().size() + " comparisons, " + snapshot.newTools().size()
                    + " new tools, window " + snapshot.windowStart() + " – " + snapshot.windowEnd());
            out().println("subject: " + m.subject());
            out().println("wrote " + out.resolve("issue.html") + " and " + out.resolve("issue.txt"));
            printLint(out(), rendered.lint());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List issues, newest first, then the digest's runs: each window closed (by the weekly job, "
                    + "an editor or a command) and what came of it, and each weekly fire that closed none (skipped, failed).",
                    "Times in verdict.digest.time-zone."})
    static class ListIssues extends SpringCommand {

        @Option(names = "--runs", paramLabel = "N", defaultValue = "10",
                description = "How many of the latest runs to show (default: ${DEFAULT-VALUE}; 0: none).")
        int runs;

        @Override
        protected boolean readOnly() {
            return true;
        }

        @Override
        protected int run(ConfigurableApplicationContext ctx) {
            com.verdictdigest.digest.IssueRecords issues = ctx.getBean(com.verdictdigest.digest.IssueRecords.class);
            java.time.ZoneId zone = ctx.getBean(com.verdictdigest.digest.DigestProperties.class).timeZone();
            java.time.format.DateTimeFormatter at = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
            List<Issue> list = issues.issues(1000);
            if (list.isEmpty()) {
                out().println("No issues yet.");
            } else {
                Table t = new Table("#", "STATE", "WINDOW (" + zone.getId() + ")", "SCHEDULED", "SUBJECT");
                for (Issue i : list) {
                    t.row(i.number(), i.stateLabel(), at.format(i.windowStart()) + " – " + at.format(i.windowEnd()),
                            i.scheduledFor() == null ? "-" : at.format(i.scheduledFor()), i.subject());
                }
                t.print(out());
            }
            List<com.verdictdigest.digest.WindowRun> recent = runs > 0 ? issues.runs(runs) : List.of();
            if (!recent.isEmpty()) {
                out().println();
                out().println("Runs, newest first:");
                Table t = new Table("WHEN", "BY", "WHAT CAME OF IT");
                for (com.verdictdigest.digest.WindowRun r : recent) {
                    t.row(at.format(r.at()), r.weekly() ? "weekly job (" + at.format(r.scheduledFor()) + ")" : r.actor(),
                            r.describe());
                }
                t.print(out());
            } else if (runs > 0 && list.isEmpty()) {
                out().println("No runs yet: the weekly job has not closed a window, nor has anyone by hand.");
            }
            return 0;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve a draft issue: its content is frozen and its send starts (a running serve "
                    + "instance sends it, or `send start N` here), to everyone at once or with --local-time HH:MM "
                    + "at that time in each reader's zone (default: verdict.delivery.local-time).",
                    "Refused (exit 3) when lint finds errors."})
    static class Approve extends SpringCommand {

        @Parameters(paramLabel = "N", description = "The issue number.")
        int number;

        @picocli.CommandLine.Mixin
        SendCommand.Delivery delivery = new SendCommand.Delivery();

        @Override
        protected int run(ConfigurableApplicationContext ctx) {
            var chosen = delivery.chosen();
            try {
                IssueLifecycle lifecycle = ctx.getBean(IssueLifecycle.class);
                Issue i = chosen.isPresent() ? lifecycle.approveAndSend(number, actor(), chosen.get().orElse(null))
                        : lifecycle.approve(number, actor());
                lifecycle.waitingReason(number).filter(r -> i.state() == com.verdictdigest.digest.IssueState.APPROVED)
                        .ifPresent(r -> out().println(r));
                out().println("Issue #" + i.number() + " approved: " + i.subject());
                out().println(ctx.getBean(SendService.class).progress(i.number()).map(SendProgress::summary)
                        .map(s -> "send started: " + s + " (a running serve instance sends it; or: send start " + number + ")")
                        .orElse("not sent"));
                return 0;
            } catch (LintBlockedException e) {
                printLint(err(), e.report());
                throw new CliException("issue #" + number + " not approved: fix the lint errors first", 3);
            } catch (IssueStateException | NoSuchIssueException e) {
                throw new CliException(e.getMessage(), 2);
            }
        }
    }

    @Command(name = "test-send", mixinStandardHelpOptions = true,
            description = "Send a test copy of an issue (subject prefixed [TEST]) through the configured SMTP server.")
    static class TestSendCommand extends SpringCommand {

        @Parameters(paramLabel = "N", description = "The issue number.")
        int number;

        @Option(names = "--to", required = true, paramLabel = "ADDR", description = "Where to send the test copy.")
        String to;

        @Override
        protected int run(ConfigurableApplicationContext ctx) {
            DigestIssues issues = ctx.getBean(DigestIssues.class);
            DigestRenderer renderer = ctx.getBean(DigestRenderer.class);
            try {
                RenderedIssue rendered = renderer.renderShared(issues.snapshot(number));
                ctx.getBean(TestCopies.class).send(rendered, to);
                out().println("Test copy of issue #" + number + " sent to " + to.strip());
                return 0;
            } catch (NoSuchIssueException e) {
                throw new CliException(e.getMessage(), 2);
            } catch (IllegalArgumentException e) {
                throw new CliException("--" + e.getMessage(), 2);
            } catch (TestCopyNotSentException e) {
                throw new CliException(e.getMessage(), 1);
            }
        }
    }
}
