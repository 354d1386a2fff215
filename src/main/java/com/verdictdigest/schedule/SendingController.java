package com.verdictdigest.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.verdictdigest.delivery.SendFeedback;
import com.verdictdigest.delivery.SendProgress;
import com.verdictdigest.delivery.SendService;
import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.Issue;
import com.verdictdigest.digest.IssueLifecycle;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The editor's view of sending: the weekly job with its next fire time and recent runs, every
 * issue's send with sent/failed/remaining and rate, its bounces and complaints by reason, and
 * pause, resume and cancel.
 */
@Controller
class SendingController {

    /** One row of the sends table. */
    public record IssueSend(Issue issue, SendProgress progress) {
    }

    private final WeeklySchedule schedule;
    private final DigestIssues issues;
    private final SendService sends;
    private final IssueLifecycle lifecycle;
    private final SendFeedback feedback;

    SendingController(WeeklySchedule schedule, DigestIssues issues, SendService sends, IssueLifecycle lifecycle,
                      SendFeedback feedback) {
        this.schedule = schedule;
        this.issues = issues;
        this.sends = sends;
        this.lifecycle = lifecycle;
        this.feedback = feedback;
    }

    @GetMapping("/editor/sending")
    String sending(Model model) {
        List<IssueSend> rows = new ArrayList<>();
        for (Issue issue : issues.list(50)) {
            sends.progress(issue.number()).ifPresent(p -> rows.add(new IssueSend(issue, p)));
        }
        model.addAttribute("schedule", schedule.status());
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
               @RequestParam(required = false) String reason, Authentication who, RedirectAttributes flash) {
        issues.require(number);
        boolean done = switch (action) {
            case "start" -> lifecycle.sendNow(number).isPresent();
            case "pause" -> sends.pause(number, reason == null || reason.isBlank() ? "paused by " + who.getName() : reason);
            case "resume" -> sends.resume(number);
            case "cancel" -> sends.cancel(number, who.getName());
            default -> throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.NOT_FOUND, "no such action: " + action);
        };
        flash.addFlashAttribute("message", done ? "Done: " + action + "." : "Nothing to " + action + " in this state.");
        return "redirect:/editor/issues/" + number + "/send";
    }
}
