package com.verdictdigest.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.verdictdigest.delivery.SendFeedback;
import com.verdictdigest.delivery.SendProgress;
import com.verdictdigest.delivery.SendService;
import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.DigestProperties;
import com.verdictdigest.digest.Issue;
import com.verdictdigest.digest.IssueLifecycle;
import com.verdictdigest.digest.WindowRun;
import com.verdictdigest.system.Confirmation;
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

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

    /** One row of the sends table. */
    public record IssueSend(Issue issue, SendProgress progress) {
    }

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

    SendingController(WeeklySchedule schedule, DigestIssues issues, SendService sends, IssueLifecycle lifecycle,
                      DigestProperties digest, SendFeedback feedback) {
        this.schedule = schedule;
        this.issues = issues;
        this.sends = sends;
        this.lifecycle = lifecycle;
        this.zone = digest.timeZone();
        this.feedback = feedback;
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

    @GetMapping("/editor/issues/{number}/send")
    String send(@PathVariable int number, Model model) {
        model.addAttribute("issue", issues.require(number));
        Optional<SendProgress> progress = sends.progress(number);
        model.addAttribute("progress", progress.orElse(null));
        // What came back for this issue's copies (bounces tied to them by VERP token or Message-ID), by reason.
        model.addAttribute("feedback", progress.isPresent() ? feedback.report(number) : java.util.List.of());
        return "web/editor/send";
    }

    @PostMapping("/editor/issues/{number}/send/{action}")
    String act(@PathVariable int number, @PathVariable String action,
               @RequestParam(required = false) String reason,
               @RequestParam(name = Confirmation.PARAMETER, required = false) String confirmed,
               Authentication who, Model model, RedirectAttributes flash) {
        issues.require(number);
        if ((action.equals("start") || action.equals("cancel")) && !Confirmation.given(confirmed)) {
            return (action.equals("start")
                    ? new Confirmation("Send issue #" + number + " now to every confirmed subscriber? A mail that has "
                    + "gone out cannot be taken back.", "/editor/issues/" + number + "/send/start", Map.of(),
                    "Send now", "/editor/issues/" + number + "/send", false)
                    : new Confirmation("Cancel the send of issue #" + number + " for good? Whoever has not received it "
                    + "yet will not, and the issue is cancelled.", "/editor/issues/" + number + "/send/cancel", Map.of(),
                    "Cancel the send", "/editor/issues/" + number + "/send", true)).ask(model);
        }
        boolean done = switch (action) {
            case "start" -> lifecycle.sendNow(number).isPresent();
            case "pause" -> sends.pause(number, reason == null || reason.isBlank() ? "paused by " + who.getName() : reason);
            case "resume" -> sends.resume(number);
            case "cancel" -> sends.cancel(number, who.getName());
            default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such action: " + action);
        };
        flash.addFlashAttribute("message", done ? "Done: " + action + "." : "Nothing to " + action + " in this state.");
        return "redirect:/editor/issues/" + number + "/send";
    }

    private String shown(Instant t) {
        return t == null ? null : SHOWN.format(t.atZone(zone));
    }
}
