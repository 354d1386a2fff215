package com.verdictdigest.cli;

import java.util.Optional;


import com.verdictdigest.delivery.SendState;
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
        subcommands = {SendCommand.Start.class, SendCommand.Status.class, SendCommand.Pause.class,
                SendCommand.Resume.class, SendCommand.Cancel.class})
class SendCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: start, status, pause, resume or cancel");
    }

    static SendProgress progressOrFail(SendService service, long issue) {
        return service.progress(issue).orElseThrow(() -> new CliException("issue " + issue + " has no send; start it with: send start " + issue, 2));
    }

    /** Runs the send in this process, with a progress bar, until it is done, paused or cancelled. */
    static int runInForeground(SpringCommand cmd, ConfigurableApplicationContext ctx, long issue) throws InterruptedException {
        SendService service = ctx.getBean(SendService.class);
        SendEngine engine = ctx.getBean(SendEngine.class);
        SendProgress start = progressOrFail(service, issue);
        SendState end;
        String summary;
        try (Progress bar = Progress.start("issue " + issue, start.recipients(), n -> String.format(java.util.Locale.ROOT, "%,d mails", n),
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
                    + "with a progress bar.", "Starting an issue twice adds nobody. Exit code 3 if the send ends paused."})
    static class Start extends SpringCommand {
        @Parameters(index = "0", paramLabel = "ISSUE", description = "Issue number.")
        long issue;

        @Option(names = "--no-wait", description = "Only queue it: a running `serve` instance does the sending.")
        boolean noWait;

        @Override
        protected int run(ConfigurableApplicationContext ctx) throws Exception {
            SendService service = ctx.getBean(SendService.class);
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
                dispatched = ctx.getBean(com.verdictdigest.digest.IssueLifecycle.class).sendNow(Math.toIntExact(issue));
            }
            // The digest has started it (once), or found it started; otherwise (no digest issue, or one
            // already sent) start it here.
            SendService.Started started = dispatched.orElseGet(() -> service.start(issue));
            out().println(started.created()
                    ? "issue " + issue + ": queued for " + started.enqueued() + " subscribers"
                    : "issue " + issue + ": already started (" + started.progress().state().name().toLowerCase() + "); nobody added");
            out().flush();
            if (noWait || started.progress().state() != SendState.RUNNING) {
                out().println(started.progress().summary());
                return 0;
            }
            return runInForeground(this, ctx, issue);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Sent, failed, remaining and rate of an issue's send.")
    static class Status extends SpringCommand {
        @Parameters(index = "0", paramLabel = "ISSUE")
        long issue;

        @Override
        protected boolean readOnly() {
            return true;
        }

        @Override
        protected int run(ConfigurableApplicationContext ctx) {
            out().println(ctx.getBean(SendProgresses.class).progress(issue)
                    .orElseThrow(() -> new CliException("issue " + issue + " has no send; start it with: send start " + issue, 2))
                    .summary());
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
