package com.verdictdigest.digest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.verdictdigest.catalog.CatalogRepository;
import com.verdictdigest.catalog.Community;
import com.verdictdigest.catalog.CommunityFigures;
import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.catalog.Tool;
import com.verdictdigest.digest.IssueItem.Kind;
import com.verdictdigest.system.SiteProperties;
import com.verdictdigest.system.SqlTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The issue store: closing a window into an issue, the editor's edits, reading issues, and every
 * state change. Each change is one transaction, moves the issue only from the states it expects
 * (so two instances cannot both move it), and is recorded with who and when. The changes that
 * involve a send are package-private: other modules go through {@link IssueLifecycle}, which
 * drives delivery and moves the issue on delivery's events.
 */
@Service
public class DigestIssues {

    public static final String SYSTEM = "system";
    /** Who closes the window at the weekly job's fire time. */
    public static final String WEEKLY_JOB = "weekly job";
    private static final Logger log = LoggerFactory.getLogger(DigestIssues.class);
    private static final int MAX_NOTE = 2000;
    private static final int MAX_SUBJECT_INPUT = 200;

    private final DigestRepository repository;
    private final CatalogRepository catalog;
    private final DigestRenderer renderer;
    private final DigestProperties properties;
    private final SiteProperties site;
    private final Clock clock;
    private final CommunityFigures community;
    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    public DigestIssues(DigestRepository repository, CatalogRepository catalog, DigestRenderer renderer,
                        DigestProperties properties, SiteProperties site, Clock clock, CommunityFigures community) {
        this.repository = repository;
        this.catalog = catalog;
        this.renderer = renderer;
        this.properties = properties;
        this.site = site;
        this.clock = clock;
        this.community = community;
    }

    /** Without readers' votes (no "Last week readers said"): for tests of everything else. */
    public DigestIssues(DigestRepository repository, CatalogRepository catalog, DigestRenderer renderer,
                        DigestProperties properties, SiteProperties site, Clock clock) {
        this(repository, catalog, renderer, properties, site, clock, NO_VOTES);
    }

    private static final CommunityFigures NO_VOTES = new CommunityFigures() {
        @Override
        public Map<Side, Community> of(java.util.Collection<Long> comparisonIds) {
            return Map.of();
        }

        @Override
        public void restore(Side side, Community figures) {
            throw new UnsupportedOperationException("no votes here");
        }
    };

    // ---- windows

    /**
     * Closes the window from the previous issue's cut-off (or {@code verdict.digest.start}) to
     * {@code cutoff} into a new draft issue; when approval is not required and lint passes, the
     * issue is approved at once.
     *
     * @return the new issue, or empty when the window holds nothing new (recorded as "nothing to send")
     */
    @Transactional
    Optional<Issue> createIssueForWindow(Instant cutoff) {
        return createIssue(null, cutoff, WEEKLY_JOB, cutoff);
    }

    /**
     * As {@link #createIssueForWindow}, by {@code actor}; a null {@code windowStart} means the usual one
     * (the previous cut-off), an explicit one serves the demo's first issue.
     */
    @Transactional
    Optional<Issue> createIssue(Instant windowStart, Instant cutoff, String actor) {
        return createIssue(windowStart, cutoff, actor, null);
    }

    private Optional<Issue> createIssue(Instant windowStart, Instant cutoff, String actor, Instant scheduledFor) {
        repository.lockIssueCreation();
        Instant now = SqlTime.now(clock);
        Instant start = windowStart != null ? windowStart : windowStart(cutoff);
        if (!cutoff.isAfter(start)) {
            log.info("Digest window ending {} is not after the last cut-off {}: nothing to send", cutoff, start);
            repository.insertWindowRun(new WindowRun(now, actor, scheduledFor, start, cutoff, WindowRun.Outcome.NOTHING,
                    null, "the window ending " + cutoff + " is not after the last cut-off " + start));
            return Optional.empty();
        }
        List<Comparison> comparisons = catalog.findComparisonsPublishedBetween(start, cutoff);
        List<Tool> tools = catalog.findToolsFirstSeenBetween(start, cutoff);
        if (comparisons.isEmpty() && tools.isEmpty()) {
            repository.insertWindowRun(new WindowRun(now, actor, scheduledFor, start, cutoff, WindowRun.Outcome.NOTHING,
                    null, null));
            log.info("Digest window {} – {}: nothing new, nothing to send", start, cutoff);
            return Optional.empty();
        }
        int number = repository.nextNumber();
        long id = repository.insertIssue(number, defaultSubject(number, comparisons, tools), start, cutoff, now);
        int position = 0;
        for (Comparison c : comparisons) {
            repository.insertItem(id, new IssueItem(Kind.COMPARISON, c.id(), position++));
        }
        for (Tool t : tools) {
            repository.insertItem(id, new IssueItem(Kind.TOOL, t.id(), position++));
        }
        repository.insertEvent(id, now, actor, "created", null, IssueState.DRAFT,
                comparisons.size() + " comparisons, " + tools.size() + " new tools, window " + start + " – " + cutoff);
        repository.insertWindowRun(new WindowRun(now, actor, scheduledFor, start, cutoff, WindowRun.Outcome.ISSUE,
                number, null));
        if (!properties.approvalRequired()) {
            Issue draft = require(number);
            RenderedIssue r = renderer.renderShared(liveSnapshot(draft));
            if (r.lint().hasErrors()) {
                repository.insertEvent(id, now, SYSTEM, "auto-approval-blocked", IssueState.DRAFT, IssueState.DRAFT,
                        r.lint().errors().size() + " lint errors");
                log.warn("Digest issue #{} has lint errors and waits for an editor", number);
            } else {
                freezeAndApprove(draft, SYSTEM + " (approval not required)", now);
            }
        }
        return repository.findIssue(number);
    }

    /** Where the next window starts: the last cut-off of an issue not cancelled, else the configured start. */
    public Instant windowStart(Instant cutoff) {
        return repository.findLastCutoff()
                .orElse(properties.start() != null ? properties.start() : cutoff.minus(Duration.ofDays(7)));
    }

    /** The content the next issue would have if its window closed now, without storing anything. */
    public IssueSnapshot previewNext(Instant cutoff) {
        Instant start = windowStart(cutoff);
        List<Comparison> comparisons = cutoff.isAfter(start) ? catalog.findComparisonsPublishedBetween(start, cutoff) : List.of();
        List<Tool> tools = cutoff.isAfter(start) ? catalog.findToolsFirstSeenBetween(start, cutoff) : List.of();
        int number = repository.nextNumber();
        return new IssueSnapshot(number, defaultSubject(number, comparisons, tools), null, start,
                cutoff.isAfter(start) ? cutoff : start.plusSeconds(1), comparisons, newTools(tools), readersSaid(number));
    }

    // ---- reading

    public Optional<Issue> find(int number) {
        return repository.findIssue(number);
    }

    public Issue require(int number) {
        return repository.findIssue(number).orElseThrow(() -> new NoSuchIssueException(number));
    }

    /** Newest first. */
    public List<Issue> list(int limit) {
        return repository.findIssues(limit);
    }

    /** Sent issues, newest first. */
    public List<Issue> sent(int limit) {
        return repository.findIssuesInState(IssueState.SENT, limit);
    }

    /**
     * The public archive, newest first: issues whose first mail has gone out (a local-time send's
     * first wave), still sending or sent. Readers of the first wave follow "view online" links
     * while later waves wait.
     */
    public List<Issue> published(int limit) {
        return repository.findPublished(limit);
    }

    /** Whether the archive shows the issue (see {@link #published}). */
    public static boolean isPublic(Issue issue) {
        return issue.publishedAt() != null
                && (issue.state() == IssueState.SENDING || issue.state() == IssueState.SENT);
    }

    public Optional<Issue> latestDraft() {
        return repository.findLatestDraft();
    }

    /** Every change, oldest first; an item's bare id in an earlier release's record is shown as its name. */
    public List<IssueEvent> history(int number) {
        Issue issue = require(number);
        return repository.findEvents(issue.id()).stream().map(e -> named(issue, e)).toList();
    }

    private static final java.util.regex.Pattern BARE_ITEM = java.util.regex.Pattern.compile("(comparison|tool) (\\d{1,18})");

    private IssueEvent named(Issue issue, IssueEvent e) {
        if (e.detail() == null || !e.action().endsWith("-item")) {
            return e;
        }
        java.util.regex.Matcher m = BARE_ITEM.matcher(e.detail());
        if (!m.matches()) {
            return e;
        }
        Kind kind = Kind.fromDb(m.group(1));
        return new IssueEvent(e.at(), e.actor(), e.action(), e.fromState(), e.toState(),
                kind.db() + " " + itemName(issue, kind, Long.parseLong(m.group(2))));
    }

    public long nothingToSendCount() {
        return repository.countWindowRuns(WindowRun.Outcome.NOTHING.db());
    }

    /** The digest's runs (windows closed, weekly fires skipped or failed), newest first. */
    public List<WindowRun> runs(int limit) {
        return repository.findWindowRuns(limit);
    }

    /**
     * A weekly fire that closed no window: skipped (too late after a downtime) or failed. Kept
     * with the other runs, in a transaction of its own (a failed run's was rolled back).
     */
    @Transactional
    void recordMissedRun(Instant scheduledFor, WindowRun.Outcome outcome, String detail) {
        if (outcome != WindowRun.Outcome.SKIPPED && outcome != WindowRun.Outcome.FAILED) {
            throw new IllegalArgumentException("a missed run is skipped or failed, not " + outcome);
        }
        repository.insertWindowRun(new WindowRun(SqlTime.now(clock), WEEKLY_JOB, scheduledFor, windowStart(scheduledFor),
                scheduledFor, outcome, null, detail));
    }

    /** The issue's content: frozen once approved, read live from the catalog while a draft. */
    public IssueSnapshot snapshot(int number) {
        Issue issue = require(number);
        Optional<String> frozen = repository.findSnapshot(issue.id());
        if (frozen.isPresent()) {
            return json.readValue(frozen.get(), IssueSnapshot.class);
        }
        return liveSnapshot(issue);
    }

    /** Approved issues, and scheduled ones whose time has come: what should be sending now, oldest first. */
    List<Issue> findApprovedDueForSending(Instant now) {
        return repository.findDueForSending(now);
    }

    // ---- editor's actions (drafts only unless said otherwise)

    @Transactional
    public Issue edit(int number, String subject, String editorNote, String actor) {
        Issue issue = require(number);
        requireDraft(issue, "edited");
        String s = subject == null ? "" : subject.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("subject: must not be empty");
        }
        if (s.length() > MAX_SUBJECT_INPUT) {
            throw new IllegalArgumentException("subject: at most " + MAX_SUBJECT_INPUT + " characters");
        }
        if (s.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            throw new IllegalArgumentException("subject: must not contain line breaks or other control characters");
        }
        String note = editorNote == null || editorNote.isBlank() ? null : editorNote.strip().replace("\r\n", "\n");
        if (note != null && note.length() > MAX_NOTE) {
            throw new IllegalArgumentException("editorNote: at most " + MAX_NOTE + " characters");
        }
        Instant now = SqlTime.now(clock);
        if (!repository.updateDraftText(issue.id(), s, note, now)) {
            throw new IssueStateException("Issue #" + number + " is no longer a draft.");
        }
        repository.insertEvent(issue.id(), now, actor, "edited", IssueState.DRAFT, IssueState.DRAFT,
                "subject: " + s);
        return require(number);
    }

    /**
     * Takes an item out of a draft; {@link #restoreItem} puts it back until the issue is approved.
     * The history names the item ("tool Codestral 2.1").
     *
     * @return the item's name (see {@link #items})
     */
    @Transactional
    public String removeItem(int number, Kind kind, long refId, String actor) {
        Issue issue = require(number);
        requireDraft(issue, "changed");
        String name = itemName(issue, kind, refId);
        if (!repository.markItemRemoved(issue.id(), kind, refId, SqlTime.now(clock))) {
            throw new IllegalArgumentException("Issue #" + number + " has no " + kind.db() + " " + refId + ".");
        }
        repository.insertEvent(issue.id(), SqlTime.now(clock), actor, "removed-item", IssueState.DRAFT,
                IssueState.DRAFT, kind.db() + " " + name);
        return name;
    }

    /** Puts a removed item back where it was; only while the issue is a draft. @return the item's name */
    @Transactional
    public String restoreItem(int number, Kind kind, long refId, String actor) {
        Issue issue = require(number);
        requireDraft(issue, "changed");
        if (!repository.restoreItem(issue.id(), kind, refId)) {
            throw new IllegalArgumentException("Issue #" + number + " has no removed " + kind.db() + " " + refId + ".");
        }
        String name = itemName(issue, kind, refId);
        repository.insertEvent(issue.id(), SqlTime.now(clock), actor, "restored-item", IssueState.DRAFT,
                IssueState.DRAFT, kind.db() + " " + name);
        return name;
    }

    /** An item of an issue, in it or removed from it. */
    public record ItemView(Kind kind, long id, String title, boolean removed) {
    }

    /** The issue's items in order, with the ones an editor removed (marked so). */
    public List<ItemView> items(int number) {
        return items(number, snapshot(number));
    }

    /** As {@link #items(int)}, from the issue's {@link #snapshot} the caller already has (a draft's costs catalog reads). */
    public List<ItemView> items(int number, IssueSnapshot content) {
        Issue issue = require(number);
        List<ItemView> items = new ArrayList<>();
        content.comparisons().forEach(c -> items.add(new ItemView(Kind.COMPARISON, c.id(), c.title(), false)));
        content.newTools().forEach(t -> items.add(new ItemView(Kind.TOOL, t.tool().id(), t.tool().name(), false)));
        for (IssueItem removed : repository.findItems(issue.id(), true)) {
            items.add(new ItemView(removed.kind(), removed.refId(), itemName(issue, removed.kind(), removed.refId()), true));
        }
        return items;
    }

    /** A comparison's title or a tool's name, as the catalog has it; the id when it is gone. */
    private String itemName(Issue issue, Kind kind, long refId) {
        Optional<String> name = kind == Kind.COMPARISON
                ? catalog.findComparison(refId).map(Comparison::title)
                : catalog.findTool(refId).map(Tool::name);
        return name.orElse("#" + refId + " (no longer in the catalog)");
    }

    /** Freezes the content and approves; refused when lint finds errors or nothing is left. */
    @Transactional
    Issue approve(int number, String actor) {
        Issue issue = require(number);
        requireDraft(issue, "approved");
        freezeAndApprove(issue, actor, SqlTime.now(clock));
        return require(number);
    }

    /** Sets or moves the send time of an approved issue. */
    @Transactional
    Issue schedule(int number, Instant at, String actor) {
        Issue issue = require(number);
        Instant now = SqlTime.now(clock);
        if (issue.state() == IssueState.DRAFT) {
            throw new IssueStateException("Issue #" + number + " is a draft: approve it before scheduling it.");
        }
        if (!at.isAfter(now)) {
            throw new IllegalArgumentException("scheduledFor: " + at + " is not in the future");
        }
        move(issue, EnumSet.of(IssueState.APPROVED, IssueState.SCHEDULED), IssueState.SCHEDULED, at, actor,
                "scheduled", "for " + at, now);
        return require(number);
    }

    @Transactional
    Issue cancel(int number, String actor) {
        Issue issue = require(number);
        move(issue, EnumSet.of(IssueState.DRAFT, IssueState.APPROVED, IssueState.SCHEDULED), IssueState.CANCELLED,
                issue.scheduledFor(), actor, "cancelled", null, SqlTime.now(clock));
        return require(number);
    }

    /**
     * How the issue goes out: at {@code localTime} in each reader's zone, or to everyone at once
     * (null). Chosen until its send starts; a change is recorded in the history.
     */
    @Transactional
    Issue chooseDelivery(int number, java.time.LocalTime localTime, String actor) {
        Issue issue = require(number);
        String value = localTime == null ? null : com.verdictdigest.delivery.LocalDelivery.format(localTime);
        if (java.util.Objects.equals(value, issue.localTime())) {
            return issue;
        }
        if (issue.state() != IssueState.DRAFT && issue.state() != IssueState.APPROVED && issue.state() != IssueState.SCHEDULED) {
            throw new IssueStateException("Issue #" + number + " is " + issue.stateLabel()
                    + "; how it goes out can be changed only before its send starts.");
        }
        repository.updateLocalTime(issue.id(), value);
        Issue changed = require(number);
        event(issue, actor, "delivery", issue.state(), issue.state(), changed.deliveryLabel());
        return changed;
    }

    // ---- what delivery did (see IssueLifecycle's listeners)

    /** The issue's first mail went out: the archive shows it from now. @return false if it already did */
    @Transactional
    boolean markPublished(int number) {
        Issue issue = require(number);
        return repository.updatePublished(issue.id(), SqlTime.now(clock))
                && event(issue, "delivery", "published", issue.state(), issue.state(), "in the archive: the first mail went out");
    }

    /**
     * An approved or scheduled issue's send has started.
     *
     * @return true if this call moved it (another instance claiming it first makes this false)
     */
    @Transactional
    boolean markSending(int number) {
        Issue issue = require(number);
        return repository.updateState(issue.id(), EnumSet.of(IssueState.APPROVED, IssueState.SCHEDULED),
                IssueState.SENDING, issue.scheduledFor(), SqlTime.now(clock))
                && event(issue, "delivery", "sending", issue.state(), IssueState.SENDING, null);
    }

    /** @return true if the issue was sending and is now sent */
    boolean markSent(int number) {
        return markSent(number, null);
    }

    /** @param detail what the send came to ("12 sent, 1 failed, 0 skipped") */
    @Transactional
    boolean markSent(int number, String detail) {
        Issue issue = require(number);
        Instant now = SqlTime.now(clock);
        if (!repository.updateState(issue.id(), EnumSet.of(IssueState.SENDING), IssueState.SENT, issue.scheduledFor(), now)) {
            return false;
        }
        return event(issue, "delivery", "sent", IssueState.SENDING, IssueState.SENT, detail);
    }

    /** The issue's send was cancelled (by {@code actor}): the issue is over. @return whether it was sending */
    @Transactional
    boolean markCancelled(int number, String actor) {
        Issue issue = require(number);
        return repository.updateState(issue.id(), EnumSet.of(IssueState.SENDING), IssueState.CANCELLED,
                issue.scheduledFor(), SqlTime.now(clock))
                && event(issue, actor, "cancelled", IssueState.SENDING, IssueState.CANCELLED, "the send was cancelled");
    }

    /** Something happened to the send that leaves the issue where it is (paused, resumed): recorded in its history. */
    @Transactional
    void recordSendChange(int number, String action, String detail) {
        Issue issue = require(number);
        event(issue, "delivery", action, issue.state(), issue.state(), detail);
    }

    // ---- internals

    private boolean event(Issue issue, String actor, String action, IssueState from, IssueState to, String detail) {
        repository.insertEvent(issue.id(), SqlTime.now(clock), actor, action, from, to, detail);
        return true;
    }

    private void freezeAndApprove(Issue issue, String actor, Instant now) {
        IssueSnapshot snapshot = liveSnapshot(issue);
        if (snapshot.isEmpty()) {
            throw new IssueStateException("Issue #" + issue.number() + " has no comparisons or tools left; cancel it instead.");
        }
        LintReport lint = renderer.renderShared(snapshot).lint();
        if (lint.hasErrors()) {
            throw new LintBlockedException(issue.number(), lint);
        }
        move(issue, EnumSet.of(IssueState.DRAFT), IssueState.APPROVED, null, actor, "approved",
                snapshot.comparisons().size() + " comparisons, " + snapshot.newTools().size() + " new tools", now);
        repository.updateSnapshot(issue.id(), json.writeValueAsString(snapshot));
    }

    private void move(Issue issue, Set<IssueState> from, IssueState to, Instant scheduledFor, String actor,
                      String action, String detail, Instant now) {
        if (!from.contains(issue.state())
                || !repository.updateState(issue.id(), from, to, scheduledFor, now)) {
            IssueState current = require(issue.number()).state();
            throw new IssueStateException("Issue #" + issue.number() + " is " + current.db() + "; it can be "
                    + action + " only when " + String.join(" or ", from.stream().map(IssueState::db).toList()) + ".");
        }
        repository.insertEvent(issue.id(), now, actor, action, issue.state(), to, detail);
    }

    private static void requireDraft(Issue issue, String what) {
        if (!issue.state().editable()) {
            throw new IssueStateException("Issue #" + issue.number() + " is " + issue.state().db()
                    + "; only a draft can be " + what + ".");
        }
    }

    IssueSnapshot liveSnapshot(Issue issue) {
        List<IssueItem> items = repository.findItems(issue.id(), false);
        Map<Long, Comparison> comparisons = new HashMap<>();
        for (Comparison c : catalog.findComparisonsPublishedBetween(issue.windowStart(), issue.windowEnd())) {
            comparisons.put(c.id(), c);
        }
        Map<Long, Tool> tools = new HashMap<>();
        for (Tool t : catalog.findToolsFirstSeenBetween(issue.windowStart(), issue.windowEnd())) {
            tools.put(t.id(), t);
        }
        List<Comparison> selected = new ArrayList<>();
        List<Tool> selectedTools = new ArrayList<>();
        for (IssueItem item : items) {
            if (item.kind() == Kind.COMPARISON && comparisons.containsKey(item.refId())) {
                selected.add(comparisons.get(item.refId()));
            } else if (item.kind() == Kind.TOOL && tools.containsKey(item.refId())) {
                selectedTools.add(tools.get(item.refId()));
            }
        }
        return new IssueSnapshot(issue.number(), issue.subject(), issue.editorNote(), issue.windowStart(),
                issue.windowEnd(), selected, newTools(selectedTools), readersSaid(issue.number()));
    }

    /**
     * "Last week readers said": the readers' figures of the comparisons of the last issue sent
     * before issue {@code number}, those that got votes; empty when none did.
     */
    List<IssueSnapshot.ReadersVerdict> readersSaid(int number) {
        Optional<Issue> previous = repository.findIssuesInState(IssueState.SENT, 20).stream()
                .filter(i -> i.number() < number).findFirst();
        if (previous.isEmpty()) {
            return List.of();
        }
        List<Comparison> comparisons = snapshot(previous.get().number()).comparisons();
        Map<CommunityFigures.Side, Community> figures = community.of(comparisons.stream().map(Comparison::id).toList());
        List<IssueSnapshot.ReadersVerdict> out = new ArrayList<>();
        for (Comparison c : comparisons) {
            Community a = CommunityFigures.get(figures, c, c.a());
            Community b = CommunityFigures.get(figures, c, c.b());
            if (a.hasVotes() || b.hasVotes()) {
                out.add(new IssueSnapshot.ReadersVerdict(c.slug(), c.title(), List.of(
                        new IssueSnapshot.ToolVotes(c.a().tool().name(), a),
                        new IssueSnapshot.ToolVotes(c.b().tool().name(), b))));
            }
        }
        return out;
    }

    private List<IssueSnapshot.NewTool> newTools(List<Tool> tools) {
        return tools.stream()
                .map(t -> new IssueSnapshot.NewTool(t, repository.findComparisonLinksForTool(t.id())))
                .toList();
    }

    /** "Verdict Digest #3: Mixtral 8x24B vs Codestral 2.1 + 4 more", kept within 78 characters. */
    String defaultSubject(int number, List<Comparison> comparisons, List<Tool> tools) {
        String head = site.name() + " #" + number + ": ";
        String lead;
        int more;
        if (!comparisons.isEmpty()) {
            lead = comparisons.get(0).title();
            more = comparisons.size() - 1;
        } else if (!tools.isEmpty()) {
            lead = "new: " + tools.get(0).name();
            more = tools.size() - 1;
        } else {
            return head + "no new verdicts";
        }
        String tail = more > 0 ? " + " + more + " more" : "";
        lead = lead.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ");
        int room = DigestLint.MAX_SUBJECT - head.length() - tail.length();
        if (lead.length() > room) {
            lead = DigestView.truncate(lead, Math.max(10, room));
        }
        return head + lead + tail;
    }
}
