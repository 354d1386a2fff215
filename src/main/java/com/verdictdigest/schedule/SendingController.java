package com.verdictdigest.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.verdictdigest.delivery.LocalDelivery;
import com.verdictdigest.delivery.SendFeedback;
import com.verdictdigest.delivery.SendPlan;
import com.verdictdigest.delivery.SendProgress;
import com.verdictdigest.delivery.SendWave;
import com.verdictdigest.digest.IssueState;
import com.verdictdigest.digest.IssueStateException;
import com.verdictdigest.delivery.SendService;
import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.DigestProperties;
import com.verdictdigest.digest.Issue;
import com.verdictdigest.digest.IssueLifecycle;
import com.verdictdigest.digest.WindowRun;
import com.verdictdigest.system.Confirmation;
import com.verdictdigest.system.Times;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The editor's view of sending: the weekly job with its next fire time and every run of the
 * digest (weekly or by hand, with what came of it), every issue's send with sent/failed/remaining
 * and rate, its bounces and complaints by reason, and pause, resume and cancel.
 */
@Controller
class SendingController {

    /** One row of the sends table. */
    public record IssueSend(Issue issue, SendProgress progress) {
    }

    /**
     * A wave on the send page, planned or under way: when (in the editor's zone and UTC), which
     * zones with how many readers, and (once started) where its rows stand.
     */
    public record WaveRow(int number, String due, String dueUtc, String zones, long readers, long sent, long failed,
                          long skipped, long remaining) {
    }

    private static final DateTimeFormatter WAVE = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** The weekly job as the page shows it, dates in the editor's zone. */
    public record Job(String cron, String timeZone, String nextFire, String previousFire, boolean fired) {
    }

    /** One run of the digest, dates in the editor's zone. */
    public record Run(String at, String by, String outcome, String result, Integer issue) {
    }

    private final WeeklySchedule schedule;
    private final DigestIssues issues;
    private final SendService sends;
    private final IssueLifecycle lifecycle;
    private final ZoneId zone;
    private final SendFeedback feedback;
    private final Clock clock;
    private final Times when;

    SendingController(WeeklySchedule schedule, DigestIssues issues, SendService sends, IssueLifecycle lifecycle,
                      DigestProperties digest, SendFeedback feedback, Clock clock) {
        this.schedule = schedule;
        this.issues = issues;
        this.sends = sends;
        this.lifecycle = lifecycle;
        this.zone = digest.timeZone();
        this.when = new Times(zone);
        this.feedback = feedback;
        this.clock = clock;
    }

    @GetMapping("/editor/sending")
    String sending(Model model) {
        List<IssueSend> rows = new ArrayList<>();
        for (Issue issue : issues.list(50)) {
            sends.progress(issue.number()).ifPresent(p -> rows.add(new IssueSend(issue, p)));
        }
        WeeklySchedule.Status status = schedule.status();
        List<WindowRun> runs = issues.runs(20);
        model.addAttribute("job", new Job(status.cron(), status.timeZone(), shown(status.nextFire()),
                shown(status.previousFire()), runs.stream().anyMatch(WindowRun::weekly) || !status.recent().isEmpty()));
        model.addAttribute("runs", runs.stream().map(r -> new Run(shown(r.at()),
                r.weekly() ? "weekly job (" + shown(r.scheduledFor()) + ")" : r.actor(), r.outcome().db(), r.describe(),
                r.issueNumber())).toList());
        model.addAttribute("zone", zone.getId());
        model.addAttribute("sends", rows);
        return "web/editor/sending";
    }

    /**
     * The send of an issue: under way, its progress and waves; not started, the plan of its waves
     * for the chosen delivery ({@code delivery=now|local&localTime=HH:MM}; by default the issue's
     * choice, or the configured one for a draft) and the button that starts it so.
     */
    @GetMapping("/editor/issues/{number}/send")
    String send(@PathVariable int number, @RequestParam(required = false) String delivery,
                @RequestParam(required = false) String localTime, Model model) {
        Issue issue = issues.require(number);
        model.addAttribute("issue", issue);
        model.addAttribute("zone", zone.getId());
        Optional<SendProgress> progress = sends.progress(number);
        model.addAttribute("progress", progress.orElse(null));
        // What came back for this issue's copies (bounces tied to them by VERP token or Message-ID), by reason.
        model.addAttribute("feedback", progress.isPresent() ? feedback.report(number) : List.of());
        if (progress.isPresent()) {
            model.addAttribute("deliveryLabel", sends.localTime(number)
                    .map(t -> "at " + LocalDelivery.format(t) + " in each reader's time zone").orElse("to everyone at once"));
            model.addAttribute("waves", waveRows(sends.waves(number)));
            return "web/editor/send";
        }
        LocalTime chosen = issue.state() == IssueState.DRAFT ? sends.defaultLocalTime()
                : issue.localDeliveryTime();
        if (delivery != null) {
            try {
                chosen = LocalDelivery.fromForm(delivery, localTime);
            } catch (IllegalArgumentException e) {
                model.addAttribute("error", e.getMessage());
            }
        }
        Instant start = issue.state() == IssueState.SCHEDULED && issue.scheduledFor().isAfter(clock.instant())
                ? issue.scheduledFor() : clock.instant();
        SendPlan plan = sends.plan(chosen, start);
        model.addAttribute("plan", plan);
        model.addAttribute("planStart", waveTime(plan.start()));
        model.addAttribute("planLast", waveTime(plan.lastDueAt()));
        model.addAttribute("planSpan", hours(plan.span()));
        List<WaveRow> rows = new ArrayList<>();
        for (SendPlan.Wave w : plan.waves()) {
            rows.add(new WaveRow(rows.size() + 1, waveTime(w.dueAt()), UTC.format(w.dueAt()), zones(w.zones()), w.readers(),
                    0, 0, 0, w.readers()));
        }
        model.addAttribute("waves", rows);
        LocalTime offered = chosen != null ? chosen : sends.defaultLocalTime() != null ? sends.defaultLocalTime() : LocalTime.of(8, 0);
        model.addAttribute("deliveryLocal", chosen != null);
        model.addAttribute("deliveryTime", LocalDelivery.format(offered));
        lifecycle.waitingReason(number).ifPresent(w -> model.addAttribute("waiting", w));
        return "web/editor/send";
    }

    private List<WaveRow> waveRows(List<SendWave> waves) {
        List<WaveRow> rows = new ArrayList<>();
        for (SendWave w : waves) {
            rows.add(new WaveRow(rows.size() + 1, waveTime(w.dueAt()), UTC.format(w.dueAt()), zones(w.zones()), w.recipients(),
                    w.sent(), w.failed(), w.skipped(), w.remaining()));
        }
        return rows;
    }

    private String waveTime(Instant at) {
        return WAVE.format(at.atZone(zone));
    }

    private static String zones(List<SendPlan.ZoneReaders> zones) {
        return zones.isEmpty() ? "everyone" : zones.stream().map(z -> z.zone() + " (" + z.readers() + ")")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static String hours(Duration d) {
        long minutes = d.toMinutes();
        return minutes < 60 ? minutes + " min" : minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }

    @PostMapping("/editor/issues/{number}/send/{action}")
    String act(@PathVariable int number, @PathVariable String action,
               @RequestParam(required = false) String reason, @RequestParam(required = false) String delivery,
               @RequestParam(required = false) String localTime,
               @RequestParam(name = Confirmation.PARAMETER, required = false) String confirmed,
               Authentication who, Model model, RedirectAttributes flash) {
        Issue issue = issues.require(number);
        if (action.equals("start") && !Confirmation.given(confirmed)) {
            String to;
            try {
                // Without a delivery in the form, "start" sends as the issue chose (see IssueLifecycle#sendNow).
                LocalTime at = delivery == null ? issue.localDeliveryTime() : LocalDelivery.fromForm(delivery, localTime);
                to = at == null ? "now to every confirmed subscriber"
                        : "to every confirmed subscriber at " + LocalDelivery.format(at) + " in their own time zone";
            } catch (IllegalArgumentException e) {
                flash.addFlashAttribute("error", e.getMessage());
                return "redirect:/editor/issues/" + number + "/send";
            }
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            if (delivery != null) {
                fields.put("delivery", delivery);
            }
            if (localTime != null) {
                fields.put("localTime", localTime);
            }
            return new Confirmation("Send issue #" + number + " " + to + "? A mail that has gone out cannot be taken back.",
                    "/editor/issues/" + number + "/send/start", fields, "Send now", "/editor/issues/" + number + "/send",
                    false).ask(model);
        }
        if (action.equals("cancel") && !Confirmation.given(confirmed)) {
            return new Confirmation("Cancel the send of issue #" + number + " for good? Whoever has not received it "
                    + "yet will not, and the issue is cancelled.", "/editor/issues/" + number + "/send/cancel", Map.of(),
                    "Cancel the send", "/editor/issues/" + number + "/send", true).ask(model);
        }
        if (action.equals("start")) {
            try {
                Optional<SendService.Started> started = delivery == null ? lifecycle.sendNow(number)
                        : lifecycle.sendNow(number, LocalDelivery.fromForm(delivery, localTime), who.getName());
                flash.addFlashAttribute("message", started.isPresent() ? "Done: start (" + issues.require(number).deliveryLabel() + ")."
                        : "Nothing to start in this state.");
            } catch (IssueStateException | IllegalArgumentException e) {
                flash.addFlashAttribute("error", e.getMessage());
            }
            return "redirect:/editor/issues/" + number + "/send";
        }
        boolean done = switch (action) {
            case "pause" -> sends.pause(number, reason == null || reason.isBlank() ? "paused by " + who.getName() : reason);
            case "resume" -> sends.resume(number);
            case "cancel" -> sends.cancel(number, who.getName());
            default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such action: " + action);
        };
        flash.addFlashAttribute("message", done ? "Done: " + action + "." : "Nothing to " + action + " in this state.");
        return "redirect:/editor/issues/" + number + "/send";
    }

    private String shown(Instant t) {
        return t == null ? null : when.shown(t); // null, not "": the page says "not scheduled"
    }
}
