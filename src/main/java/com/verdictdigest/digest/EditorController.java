package com.verdictdigest.digest;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import com.verdictdigest.catalog.Community;
import com.verdictdigest.catalog.CommunityFigures;
import com.verdictdigest.catalog.Comparison;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.verdictdigest.delivery.LocalDelivery;
import com.verdictdigest.delivery.SendService;
import com.verdictdigest.delivery.TestCopyNotSentException;
/**
 * The editor's pages (role EDITOR, see SecurityConfig): the issue list and one issue with its
 * previews, lint, items, and the actions its state allows. Every action is a POST with CSRF that
 * redirects back with a message.
 */
@Controller
@RequestMapping("/editor")
public class EditorController {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /** A row of the issue list, formatted for the page. */
    public record IssueRow(int number, String subject, String state, String window, String scheduledFor, String updatedAt) {
    }

    public record ItemRow(String kind, long id, String title) {
    }

    public record EventRow(String at, String actor, String action, String from, String to, String detail) {
    }

    /** A comparison of the issue with the readers' votes on each tool so far. */
    public record VotesRow(String title, String toolA, Community a, String toolB, Community b) {
    }

    private final DigestIssues issues;
    private final IssueLifecycle lifecycle;
    private final DigestRenderer renderer;
    private final TestCopies testSend;
    private final DigestProperties properties;
    private final SendService sends;
    private final Clock clock;
    private final CommunityFigures community;

    EditorController(DigestIssues issues, IssueLifecycle lifecycle, DigestRenderer renderer, TestCopies testSend,
                     DigestProperties properties, SendService sends, Clock clock, CommunityFigures community) {
        this.community = community;
        this.sends = sends;
        this.issues = issues;
        this.lifecycle = lifecycle;
        this.renderer = renderer;
        this.testSend = testSend;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping({"", "/"})
    String list(Model model) {
        model.addAttribute("issues", issues.list(200).stream().map(this::row).toList());
        model.addAttribute("zone", zone().getId());
        return "web/editor/issues";
    }

    @PostMapping("/issues")
    String closeWindowNow(Principal user, RedirectAttributes flash) {
        return lifecycle.closeWindow(null, clock.instant(), user.getName())
                .map(i -> {
                    flash.addFlashAttribute("message", "Issue #" + i.number() + " created.");
                    return "redirect:/editor/issues/" + i.number();
                })
                .orElseGet(() -> {
                    flash.addFlashAttribute("message", "Nothing new since the last issue: nothing to send.");
                    return "redirect:/editor";
                });
    }

    @GetMapping("/issues/{number}")
    String issue(@PathVariable int number, Model model) {
        Issue issue = issues.require(number);
        IssueSnapshot snapshot = issues.snapshot(number);
        RenderedIssue rendered = renderer.renderShared(snapshot);
        model.addAttribute("issue", row(issue));
        model.addAttribute("subject", issue.subject());
        model.addAttribute("editorNote", issue.editorNote() == null ? "" : issue.editorNote());
        model.addAttribute("draft", issue.state() == IssueState.DRAFT);
        model.addAttribute("schedulable", issue.state() == IssueState.DRAFT || issue.state() == IssueState.APPROVED
                || issue.state() == IssueState.SCHEDULED);
        model.addAttribute("cancellable", issue.state() == IssueState.DRAFT || issue.state() == IssueState.APPROVED
                || issue.state() == IssueState.SCHEDULED || issue.state() == IssueState.SENDING);
        model.addAttribute("lint", rendered.lint());
        model.addAttribute("previewHtml", rendered.sampleHtml());
        model.addAttribute("previewText", rendered.sampleText());
        model.addAttribute("items", items(snapshot));
        // Once its copies (and their vote links) are out.
        model.addAttribute("votes", issue.state() == IssueState.SENDING || issue.state() == IssueState.SENT
                ? votes(snapshot) : List.of());
        model.addAttribute("history", issues.history(number).stream().map(this::event).toList());
        model.addAttribute("zone", zone().getId());
        Instant suggested = issue.scheduledFor() != null ? issue.scheduledFor()
                : clock.instant().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        model.addAttribute("scheduleValue", INPUT.format(suggested.atZone(zone())));
        // The delivery choice: the issue's once approved, else the configured default (08:00 offered when that is "now").
        LocalTime chosen = issue.state() == IssueState.DRAFT ? sends.defaultLocalTime()
                : issue.localTime() == null ? null : LocalDelivery.parse(issue.localTime());
        LocalTime offered = chosen != null ? chosen : sends.defaultLocalTime() != null ? sends.defaultLocalTime() : LocalTime.of(8, 0);
        model.addAttribute("deliveryLocal", chosen != null);
        model.addAttribute("deliveryTime", LocalDelivery.format(offered));
        model.addAttribute("deliveryLabel", issue.deliveryLabel());
        if (issue.state() == IssueState.APPROVED || issue.state() == IssueState.SCHEDULED) {
            lifecycle.waitingReason(number).ifPresent(w -> model.addAttribute("waiting", w));
        }
        return "web/editor/issue";
    }

    /** The readers' votes so far on each comparison of the issue. */
    private List<VotesRow> votes(IssueSnapshot snapshot) {
        var figures = community.of(snapshot.comparisons().stream().map(Comparison::id).toList());
        return snapshot.comparisons().stream().map(c -> new VotesRow(c.title(), c.a().tool().name(),
                CommunityFigures.get(figures, c, c.a()), c.b().tool().name(), CommunityFigures.get(figures, c, c.b())))
                .toList();
    }

    @PostMapping("/issues/{number}/edit")
    String edit(@PathVariable int number, @RequestParam String subject,
                @RequestParam(required = false) String editorNote, Principal user, RedirectAttributes flash) {
        return act(number, flash, () -> {
            issues.edit(number, subject, editorNote, user.getName());
            return "Subject and note saved.";
        });
    }

    @PostMapping("/issues/{number}/items/remove")
    String removeItem(@PathVariable int number, @RequestParam String kind, @RequestParam long id, Principal user,
                      RedirectAttributes flash) {
        return act(number, flash, () -> {
            issues.removeItem(number, IssueItem.Kind.fromDb(kind), id, user.getName());
            return "Item removed.";
        });
    }

    /** @param delivery {@code now} or {@code local} (with {@code localTime}); absent: as configured */
    @PostMapping("/issues/{number}/approve")
    String approve(@PathVariable int number, @RequestParam(required = false) String delivery,
                   @RequestParam(required = false) String localTime, Principal user, RedirectAttributes flash) {
        return act(number, flash, () -> {
            Issue approved = delivery == null ? lifecycle.approve(number, user.getName())
                    : lifecycle.approveAndSend(number, user.getName(), LocalDelivery.fromForm(delivery, localTime));
            String done = "Issue #" + number + " approved; its content is now frozen and it is " + approved.stateLabel()
                    + " (" + approved.deliveryLabel() + ").";
            return approved.state() == IssueState.APPROVED
                    ? lifecycle.waitingReason(number).map(w -> done + " " + w).orElse(done) : done;
        });
    }

    @PostMapping("/issues/{number}/schedule")
    String schedule(@PathVariable int number, @RequestParam String at, @RequestParam(required = false) String delivery,
                    @RequestParam(required = false) String localTime, Principal user, RedirectAttributes flash) {
        return act(number, flash, () -> {
            LocalTime chosen = delivery == null ? sends.defaultLocalTime() : LocalDelivery.fromForm(delivery, localTime);
            Instant when;
            try {
                when = LocalDateTime.parse(at, INPUT).atZone(zone()).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("at: \"" + at + "\" is not a date and time like 2026-11-23T09:00");
            }
            if (issues.require(number).state() == IssueState.DRAFT) {
                lifecycle.approveAndSchedule(number, user.getName(), when, chosen);
            } else {
                if (delivery != null) {
                    lifecycle.chooseDelivery(number, chosen, user.getName());
                }
                lifecycle.schedule(number, when, user.getName());
            }
            return "Scheduled for " + SHOWN.format(when.atZone(zone())) + " (" + zone().getId() + "), "
                    + issues.require(number).deliveryLabel() + ".";
        });
    }

    @PostMapping("/issues/{number}/cancel")
    String cancel(@PathVariable int number, Principal user, RedirectAttributes flash) {
        return act(number, flash, () -> {
            lifecycle.cancel(number, user.getName());
            return "Issue #" + number + " cancelled.";
        });
    }

    @PostMapping("/issues/{number}/test-send")
    String testSend(@PathVariable int number, @RequestParam String to, RedirectAttributes flash) {
        return act(number, flash, () -> {
            testSend.send(renderer.renderShared(issues.snapshot(number)), to);
            return "Test copy sent to " + to.strip() + ".";
        });
    }

    private interface Action {
        String run();
    }

    private String act(int number, RedirectAttributes flash, Action action) {
        issues.require(number);
        try {
            flash.addFlashAttribute("message", action.run());
        } catch (IssueStateException | IllegalArgumentException | TestCopyNotSentException e) {
            flash.addFlashAttribute("error", e.getMessage());
        } catch (MailException e) {
            flash.addFlashAttribute("error", "The mail server refused the test copy: " + e.getMessage());
        }
        return "redirect:/editor/issues/" + number;
    }

    private List<ItemRow> items(IssueSnapshot s) {
        List<ItemRow> rows = new java.util.ArrayList<>();
        s.comparisons().forEach(c -> rows.add(new ItemRow("comparison", c.id(), c.title())));
        s.newTools().forEach(t -> rows.add(new ItemRow("tool", t.tool().id(), t.tool().name())));
        return rows;
    }

    private IssueRow row(Issue i) {
        return new IssueRow(i.number(), i.subject(), i.stateLabel(),
                SHOWN.format(i.windowStart().atZone(zone())) + " – " + SHOWN.format(i.windowEnd().atZone(zone())),
                i.scheduledFor() == null ? null : SHOWN.format(i.scheduledFor().atZone(zone())),
                SHOWN.format(i.updatedAt().atZone(zone())));
    }

    private EventRow event(IssueEvent e) {
        return new EventRow(SHOWN.format(e.at().atZone(zone())), e.actor(), e.action(),
                e.fromState() == null ? null : e.fromState().db(), e.toState() == null ? null : e.toState().db(),
                e.detail());
    }

    private ZoneId zone() {
        return properties.timeZone();
    }
}
