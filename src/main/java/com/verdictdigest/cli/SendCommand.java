package com.verdictdigest.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;


import com.verdictdigest.delivery.LocalDelivery;
import com.verdictdigest.delivery.SendPlan;
import com.verdictdigest.delivery.SendState;
import com.verdictdigest.delivery.SendWave;
import com.verdictdigest.delivery.SendEngine;
import com.verdictdigest.delivery.SendProgress;
import com.verdictdigest.delivery.SendProgresses;
import com.verdictdigest.delivery.SendService;
import com.verdictdigest.delivery.SendFeedback;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send an issue to every confirmed subscriber, and watch or steer the send.",
        subcommands = {SendCommand.Start.class, SendCommand.Plan.class, SendCommand.Status.class, SendCommand.Pause.class,
                SendCommand.Resume.class, SendCommand.Cancel.class})
class SendCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: start, plan, status, pause, resume or cancel");
    }

    // ---- local-time delivery: the choice, the plan and the waves

    /** {@code --local-time HH:MM} or {@code --now}: how the send goes out; neither: the issue's choice or the configured default. */
    static class Delivery {
        @Option(names = "--local-time", paramLabel = "HH:MM",
                description = "Send at this time in each reader's time zone, in waves (e.g. 08:00).")
        String localTime;

        @Option(names = "--now", description = "Send to everyone at once.")
        boolean now;

        /** @return the choice, or empty when none was given */
        Optional<Optional<LocalTime>> chosen() {
            if (localTime != null && now) {
                throw new CliException("give --local-time or --now, not both", 2);
            }
            if (now) {
                return Optional.of(Optional.empty());
            }
            if (localTime == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(Optional.of(LocalDelivery.parse(localTime)));
            } catch (IllegalArgumentException e) {
                throw new CliException("--local-time: " + e.getMessage(), 2);
            }
        }
    }

    /** How an issue goes out when no option says: a digest issue's own choice once approved, else the configured default. */
    static LocalTime defaultFor(ConfigurableApplicationContext ctx, long issue) {
        var digestIssue = issue > Integer.MAX_VALUE ? Optional.<com.verdictdigest.digest.Issue>empty()
                : ctx.getBean(com.verdictdigest.digest.DigestIssues.class).find((int) issue);
        if (digestIssue.isPresent() && digestIssue.get().state() != com.verdictdigest.digest.IssueState.DRAFT) {
            return digestIssue.get().localDeliveryTime();
        }
        return ctx.getBean(SendService.class).defaultLocalTime();
    }

    static String zones(List<SendPlan.ZoneReaders> zones) {
        return zones.isEmpty() ? "everyone" : zones.stream().map(z -> z.zone() + " (" + z.readers() + ")")
                .collect(Collectors.joining(", "));
    }

    static void printPlan(PrintWriter out, long issue, SendPlan plan) {
        out.println("issue " + issue + " " + (plan.localTime() == null ? "to everyone at once"
                : "at " + LocalDelivery.format(plan.localTime()) + " in each reader's time zone") + ", starting "
                + plan.start() + ": " + plan.readers() + " readers in " + plan.waves().size()
                + (plan.waves().size() == 1 ? " wave" : " waves") + "; the last at " + plan.lastDueAt() + " ("
                + hours(plan.span()) + " after the start)");
        Table table = new Table("WAVE", "DUE (UTC)", "READERS", "ZONES").alignRight("READERS");
        int n = 0;
        for (SendPlan.Wave w : plan.waves()) {
            table.row(++n, w.dueAt(), w.readers(), zones(w.zones()));
        }
        table.print(out);
    }

    static void printWaves(PrintWriter out, List<SendWave> waves) {
        Table table = new Table("WAVE", "DUE (UTC)", "READERS", "SENT", "FAILED", "SKIPPED", "REMAINING", "ZONES")
                .alignRight("READERS", "SENT", "FAILED", "SKIPPED", "REMAINING");
        int n = 0;
        for (SendWave w : waves) {
            table.row(++n, w.dueAt(), w.recipients(), w.sent(), w.failed(), w.skipped(), w.remaining(), zones(w.zones()));
        }
        table.print(out);
    }

    private static String hours(java.time.Duration d) {
        long minutes = d.toMinutes();
        return minutes < 60 ? minutes + " min" : minutes / 60 + "h" + (minutes % 60 == 0 ? "" : String.format("%02d", minutes % 60));
    }

    static SendProgress progressOrFail(SendService service, long issue) {
        return orFail(service.progress(issue), issue);
    }

    static SendProgress orFail(Optional<SendProgress> progress, long issue) {
        return progress.orElseThrow(() -> new CliException("issue " + issue + " has no send; start it with: send start " + issue, 2));
    }

    /** Runs the send in this process, with a progress bar, until it is done, paused or cancelled. */
    static int runInForeground(SpringCommand cmd, ConfigurableApplicationContext ctx, long issue) throws InterruptedException {
        SendService service = ctx.getBean(SendService.class);
        SendEngine engine = ctx.getBean(SendEngine.class);
        SendProgress start = progressOrFail(service, issue);
        SendState end;
        String summary;
        try (Progress bar = Progress.start("issue " + issue, start.recipients(), Progress.Unit.MAILS,
                cmd.err(), Progress.stderrIsTerminal())) {
            bar.stepTo(start.done());
            // Counting the ledger reads every row of the issue: every 2 s is plenty for a bar.
            long[] last = {0};
            end = engine.run(issue, n -> {
                if (System.nanoTime() - last[0] > 2_000_000_000L) {
                    last[0] = System.nanoTime();
                    service.progress(issue).ifPresent(p -> {
                        bar.stepTo(p.done());
                        bar.note(p.failed() > 0 ? p.failed() + " failed" : "");
                    });
                }
            });
            SendProgress p = progressOrFail(service, issue);
            bar.stepTo(p.done());
            summary = p.summary();
        }
        cmd.out().println(summary);
        return end == SendState.PAUSED ? 3 : 0;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Queue the issue for every subscriber confirmed and not paused now, then send it here "
                    + "with a progress bar.", "With --local-time HH:MM each reader gets it at that time in their zone, "
                    + "in waves (this command then waits between them; --no-wait leaves them to serve).",
                    "Starting an issue twice adds nobody. Exit code 3 if the send ends paused.",
                    "--dry-run shows the waves it would have (as send plan) and starts nothing."})
    static class Start extends SpringCommand {
        @Parameters(index = "0", paramLabel = "ISSUE", description = "Issue number.")
        long issue;

        @Option(names = "--no-wait", description = "Only queue it: a running `serve` instance does the sending.")
        boolean noWait;

        @Option(names = "--dry-run", description = "Show each wave's readers and when the last goes out; start nothing.")
        boolean dryRun;

        @CommandLine.Mixin
        Delivery delivery = new Delivery();

        @Override
        protected int run(ConfigurableApplicationContext ctx) throws Exception {
            SendService service = ctx.getBean(SendService.class);
            Optional<Optional<LocalTime>> chosen = delivery.chosen();
            if (dryRun) {
                LocalTime localTime = chosen.isPresent() ? chosen.get().orElse(null) : defaultFor(ctx, issue);
                printPlan(out(), issue, service.plan(localTime, ctx.getBean(java.time.Clock.class).instant()));
                out().println("dry run: nothing started");
                return 0;
            }
            // A digest issue goes out only once approved, and is marked sending as it does.
            var issues = ctx.getBean(com.verdictdigest.digest.DigestIssues.class);
            var digestIssue = issues.find(Math.toIntExact(issue));
            Optional<SendService.Started> dispatched = Optional.empty();
            if (digestIssue.isPresent()) {
                var state = digestIssue.get().state();
                if (state == com.verdictdigest.digest.IssueState.DRAFT || state == com.verdictdigest.digest.IssueState.CANCELLED) {
                    throw new CliException("issue " + issue + " is " + state.name().toLowerCase()
                            + ": approve it first (digest approve " + issue + ")", 2);
                }
                var lifecycle = ctx.getBean(com.verdictdigest.digest.IssueLifecycle.class);
                try {
                    dispatched = chosen.isPresent()
                            ? lifecycle.sendNow(Math.toIntExact(issue), chosen.get().orElse(null), DigestCommand.actor())
                            : lifecycle.sendNow(Math.toIntExact(issue));
                } catch (com.verdictdigest.digest.IssueStateException e) {
                    throw new CliException(e.getMessage(), 2);
                }
            }
            // The digest has started it (once), or found it started; otherwise (no digest issue, or one
            // already sent) start it here.
            SendService.Started started = dispatched.orElseGet(() -> service.start(issue,
                    chosen.isPresent() ? chosen.get().orElse(null) : service.defaultLocalTime()));
            out().println(started.created()
                    ? "issue " + issue + ": queued for " + started.enqueued() + " subscribers"
                    : "issue " + issue + ": already started (" + started.progress().state().name().toLowerCase() + "); nobody added");
            List<SendWave> waves = service.waves(issue);
            if (service.localTime(issue).isPresent()) {
                printWaves(out(), waves);
                if (!noWait && started.progress().state() == SendState.RUNNING && waves.size() > 1) {
                    out().println("sending here, wave by wave, until the last at " + waves.get(waves.size() - 1).dueAt()
                            + " (Ctrl-C leaves the rest to a running serve; --no-wait does so from the start)");
                }
            }
            out().flush();
            if (noWait || started.progress().state() != SendState.RUNNING) {
                out().println(started.progress().summary());
                return 0;
            }
            return runInForeground(this, ctx, issue);
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = {"Before starting: how many readers each wave would have and when the last goes out.",
                    "Without options: as the issue would go out (its choice once approved, else verdict.delivery.local-time)."})
    static class Plan extends SpringCommand {
        @Parameters(index = "0", paramLabel = "ISSUE")
        long issue;

        @CommandLine.Mixin
        Delivery delivery = new Delivery();

        @Option(names = "--at", paramLabel = "INSTANT",
                description = "Plan a start at this instant (e.g. 2026-11-22T18:00:00Z) instead of now; a scheduled issue's default is its time.")
        String at;

        @Override
        protected int run(ConfigurableApplicationContext ctx) {
            SendService service = ctx.getBean(SendService.class);
            Optional<Optional<LocalTime>> chosen = delivery.chosen();
            LocalTime localTime = chosen.isPresent() ? chosen.get().orElse(null) : defaultFor(ctx, issue);
            Instant start;
            try {
                start = at != null ? Instant.parse(at.strip()) : scheduledFor(ctx, issue).orElse(ctx.getBean(java.time.Clock.class).instant());
            } catch (java.time.format.DateTimeParseException e) {
                throw new CliException("--at: '" + at + "' is not an instant such as 2026-11-22T18:00:00Z", 2);
            }
            printPlan(out(), issue, service.plan(localTime, start));
            if (issue <= Integer.MAX_VALUE) {
                ctx.getBean(com.verdictdigest.digest.IssueLifecycle.class).waitingReason((int) issue)
                        .ifPresent(reason -> out().println("note: " + reason));
            }
            return 0;
        }

        private static Optional<Instant> scheduledFor(ConfigurableApplicationContext ctx, long issue) {
            return issue > Integer.MAX_VALUE ? Optional.empty()
                    : ctx.getBean(com.verdictdigest.digest.DigestIssues.class).find((int) issue)
                    .filter(i -> i.state() == com.verdictdigest.digest.IssueState.SCHEDULED)
                    .map(com.verdictdigest.digest.Issue::scheduledFor);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Sent, failed, remaining and rate of an issue's send; a local-time send's waves too.")
    static class Status extends SpringCommand {
        @Parameters(index = "0", paramLabel = "ISSUE")
        long issue;

        @Override
        protected boolean readOnly() {
            return true;
        }

        @Override
        protected int run(ConfigurableApplicationContext ctx) {
            SendProgresses progresses = ctx.getBean(SendProgresses.class);
            out().println(orFail(progresses.progress(issue), issue).summary());
            Optional<LocalTime> localTime = progresses.localTime(issue);
            if (localTime.isPresent()) {
                out().println("at " + LocalDelivery.format(localTime.get()) + " in each reader's time zone:");
                printWaves(out(), progresses.waves(issue));
            }
            feedbackLines(ctx.getBean(SendFeedback.class).report(issue)).forEach(out()::println);
            return 0;
        }

        /** Bounces and complaints for this issue's copies by reason, e.g. "  hard bounces: 3 (user unknown 2, host unknown 1)". */
        static java.util.List<String> feedbackLines(java.util.List<SendFeedback.Count> counts) {
            java.util.List<String> lines = new java.util.ArrayList<>();
            for (SendFeedback.Kind kind : new SendFeedback.Kind[] {SendFeedback.Kind.COMPLAINT, SendFeedback.Kind.HARD,
                    SendFeedback.Kind.SOFT}) {
                var ofKind = counts.stream().filter(c -> c.kind() == kind).toList();
                long total = ofKind.stream().mapToLong(SendFeedback.Count::count).sum();
                String label = switch (kind) {
                    case COMPLAINT -> "complaints";
                    case HARD -> "hard bounces";
                    case SOFT -> "soft bounces";
                };
                lines.add("  " + label + ": " + total + (ofKind.isEmpty() ? "" : " (" + String.join(", ",
                        ofKind.stream().map(c -> (c.reason() == null ? "unknown" : c.reason()) + " " + c.count()).toList()) + ")"));
            }
            return lines;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a running send (every instance stops after its current message).")
    static class Pause extends SpringCommand {
        @Parameters(index = "0", paramLabel = "ISSUE")
        long issue;

        @Option(names = "--reason", description = "Shown in the status.")
        String reason;

        @Override
        protected int run(ConfigurableApplicationContext ctx) {
            SendService service = ctx.getBean(SendService.class);
            SendProgress before = progressOrFail(service, issue);
            if (!service.pause(issue, reason)) {
                throw new CliException("issue " + issue + " is " + before.state().name().toLowerCase() + ", not running", 2);
            }
            out().println(progressOrFail(service, issue).summary());
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused send and send the rest here.")
    static class Resume extends SpringCommand {
        @Parameters(index = "0", paramLabel = "ISSUE")
        long issue;

        @Option(names = "--no-wait", description = "Only mark it running: a running `serve` instance does the sending.")
        boolean noWait;

        @Override
        protected int run(ConfigurableApplicationContext ctx) throws Exception {
            SendService service = ctx.getBean(SendService.class);
            SendProgress before = progressOrFail(service, issue);
            if (!service.resume(issue)) {
                throw new CliException("issue " + issue + " is " + before.state().name().toLowerCase() + ", not paused", 2);
            }
            if (noWait) {
                out().println(progressOrFail(service, issue).summary());
                return 0;
            }
            return runInForeground(this, ctx, issue);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Stop a send for good, running or paused; whoever was not mailed yet is not, and its issue is cancelled.")
    static class Cancel extends SpringCommand {
        @Parameters(index = "0", paramLabel = "ISSUE")
        long issue;

        @Override
        protected int run(ConfigurableApplicationContext ctx) {
            SendService service = ctx.getBean(SendService.class);
            SendProgress before = progressOrFail(service, issue);
            if (!service.cancel(issue, DigestCommand.actor())) {
                throw new CliException("issue " + issue + " is " + before.state().name().toLowerCase() + " already", 2);
            }
            out().println(progressOrFail(service, issue).summary());
            return 0;
        }
    }


}
