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
import java.util.Optional;

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
import com.verdictdigest.system.Confirmation;
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

    public record ItemRow(String kind, long id, String title, boolean removed) {
    }

    public record EventRow(String at, String actor, String action, String from, String to, String detail) {
    }

    /** A run of the digest for the issue list: when, who, the window, and what came of it. */
    public record RunRow(String at, String by, String window, String outcome, String result, Integer issue) {
    }

    /** What each recorded action reads as in the history. */
    private static final java.util.Map<String, String> ACTIONS = java.util.Map.ofEntries(
            java.util.Map.entry("created", "created"),
            java.util.Map.entry("edited", "edited the subject or note"),
            java.util.Map.entry("removed-item", "removed an item"),
            java.util.Map.entry("restored-item", "put an item back"),
            java.util.Map.entry("approved", "approved"),
            java.util.Map.entry("auto-approval-blocked", "not approved by itself (lint errors)"),
            java.util.Map.entry("scheduled", "scheduled"),
            java.util.Map.entry("delivery", "chose how it goes out"),
            java.util.Map.entry("waiting", "send waiting"),
            java.util.Map.entry("published", "published in the archive"),
            java.util.Map.entry("sending", "send started"),
            java.util.Map.entry("send-paused", "send paused"),
            java.util.Map.entry("send-resumed", "send resumed"),
            java.util.Map.entry("sent", "sent"),
            java.util.Map.entry("cancelled", "cancelled"));

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
        model.addAttribute("runs", issues.runs(20).stream().map(this::run).toList());
        model.addAttribute("zone", zone().getId());
        return "web/editor/issues";
    }

    @PostMapping("/issues")
    String closeWindowNow(@RequestParam(name = Confirmation.PARAMETER, required = false) String confirmed,
                          Principal user, Model model, RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            return new Confirmation("Close the window now and make the next issue of everything published since the "
                    + "last one? It starts as a draft; the weekly job will then start its window from now.",
                    "/editor/issues", java.util.Map.of(), "Close the window now", "/editor", false).ask(model);
        }
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
        model.addAttribute("stateText", switch (issue.state()) {
            case DRAFT -> rendered.lint().hasErrors() ? "Errors block approval."
                    : rendered.lint().findings().isEmpty() ? "No findings: ready to approve." : "Warnings only: ready to approve.";
            case APPROVED, SCHEDULED -> "Approved: the content is frozen as checked here.";
            case SENDING, SENT -> "Sent as checked here; nothing can change now.";
            case CANCELLED -> "Cancelled: this issue will not be sent.";
        });
        model.addAttribute("previewHtml", rendered.sampleHtml());
        model.addAttribute("previewText", rendered.sampleText());
        model.addAttribute("items", issues.items(number, snapshot).stream()
                .map(i -> new ItemRow(i.kind().db(), i.id(), i.title(), i.removed())).toList());
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
                : issue.localDeliveryTime();
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
        String[] name = new String[1];
        String redirect = act(number, flash, () -> {
            name[0] = quoted(issues.removeItem(number, IssueItem.Kind.fromDb(kind), id, user.getName()));
            return "Removed " + name[0] + ".";
        });
        if (flash.getFlashAttributes().containsKey("message")) {
            flash.addFlashAttribute("undo", new ItemRow(kind, id, name[0], true));
        }
        return redirect;
    }

    @PostMapping("/issues/{number}/items/restore")
    String restoreItem(@PathVariable int number, @RequestParam String kind, @RequestParam long id, Principal user,
                       RedirectAttributes flash) {
        return act(number, flash, () ->
                "Put back " + quoted(issues.restoreItem(number, IssueItem.Kind.fromDb(kind), id, user.getName())) + ".");
    }

    private static String quoted(String name) {
        return "“" + name + "”";
    }

    /** @param delivery {@code now} or {@code local} (with {@code localTime}); absent: as configured */
    @PostMapping("/issues/{number}/approve")
    String approve(@PathVariable int number, @RequestParam(required = false) String delivery,
                   @RequestParam(required = false) String localTime,
                   @RequestParam(name = Confirmation.PARAMETER, required = false) String confirmed,
                   Principal user, Model model, RedirectAttributes flash) {
        Optional<String> to = recipients(delivery, localTime);
        if (!Confirmation.given(confirmed) && to.isPresent()) {
            issues.require(number);
            return new Confirmation("Approve issue #" + number + " and send it now " + to.get() + "? "
                    + "Its content is frozen, and a mail that has gone out cannot be taken back.",
                    "/editor/issues/" + number + "/approve", deliveryFields(java.util.Map.of(), delivery, localTime),
                    "Approve and send now", "/editor/issues/" + number, false).ask(model);
        }
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
                    @RequestParam(required = false) String localTime,
                    @RequestParam(name = Confirmation.PARAMETER, required = false) String confirmed,
                    Principal user, Model model, RedirectAttributes flash) {
        Optional<String> to = recipients(delivery, localTime);
        if (!Confirmation.given(confirmed) && to.isPresent() && issues.require(number).state() == IssueState.DRAFT) {
            return new Confirmation("Approve issue #" + number + " and send it at " + at.replace('T', ' ') + " ("
                    + zone().getId() + ") " + to.get() + "? Its content is frozen now; until then you can move the time or cancel it.",
                    "/editor/issues/" + number + "/schedule", deliveryFields(java.util.Map.of("at", at), delivery, localTime),
                    "Approve and schedule", "/editor/issues/" + number, false).ask(model);
        }
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
    String cancel(@PathVariable int number, @RequestParam(name = Confirmation.PARAMETER, required = false) String confirmed,
                  Principal user, Model model, RedirectAttributes flash) {
        if (!Confirmation.given(confirmed)) {
            boolean sending = issues.require(number).state() == IssueState.SENDING;
            return new Confirmation("Cancel issue #" + number + "? A cancelled issue cannot be reopened"
                    + (sending ? "; its send stops, and whoever has not received it yet will not." : "; its items go into the next issue."),
                    "/editor/issues/" + number + "/cancel", java.util.Map.of(), "Cancel the issue",
                    "/editor/issues/" + number, true).ask(model);
        }
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

    private IssueRow row(Issue i) {
        return new IssueRow(i.number(), i.subject(), i.stateLabel(),
                SHOWN.format(i.windowStart().atZone(zone())) + " – " + SHOWN.format(i.windowEnd().atZone(zone())),
                i.scheduledFor() == null ? null : SHOWN.format(i.scheduledFor().atZone(zone())),
                SHOWN.format(i.updatedAt().atZone(zone())));
    }

    private RunRow run(WindowRun r) {
        return new RunRow(SHOWN.format(r.at().atZone(zone())),
                r.weekly() ? "weekly job (" + SHOWN.format(r.scheduledFor().atZone(zone())) + ")" : r.actor(),
                SHOWN.format(r.windowStart().atZone(zone())) + " – " + SHOWN.format(r.windowEnd().atZone(zone())),
                r.outcome().db(), r.describe(), r.issueNumber());
    }

    private EventRow event(IssueEvent e) {
        return new EventRow(SHOWN.format(e.at().atZone(zone())), e.actor(), ACTIONS.getOrDefault(e.action(), e.action()),
                e.fromState() == null ? null : e.fromState().db(), e.toState() == null ? null : e.toState().db(),
                e.detail());
    }

    /**
     * Whom the send reaches and when, for the confirmation's question; empty when the delivery
     * choice is not valid (then nothing is asked: the action refuses it with the reason).
     */
    private Optional<String> recipients(String delivery, String localTime) {
        LocalTime at;
        try {
            at = delivery == null ? sends.defaultLocalTime() : LocalDelivery.fromForm(delivery, localTime);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(at == null ? "to every confirmed subscriber"
                : "to every confirmed subscriber at " + LocalDelivery.format(at) + " in their own time zone");
    }

    /** The form's fields posted again by the confirmation page: the delivery choice with the others. */
    private static java.util.Map<String, String> deliveryFields(java.util.Map<String, String> others, String delivery,
                                                                String localTime) {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>(others);
        if (delivery != null) {
            fields.put("delivery", delivery);
        }
        if (localTime != null) {
            fields.put("localTime", localTime);
        }
        return fields;
    }

    private ZoneId zone() {
        return properties.timeZone();
    }
}
