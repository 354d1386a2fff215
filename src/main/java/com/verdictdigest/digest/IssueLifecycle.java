package com.verdictdigest.digest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.verdictdigest.delivery.SendCancelled;
import com.verdictdigest.delivery.SendFinished;
import com.verdictdigest.delivery.SendPaused;
import com.verdictdigest.delivery.SendResumed;
import com.verdictdigest.delivery.SendService;
import com.verdictdigest.delivery.SendStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An issue's way out: draft → approved → scheduled → sending → sent, or cancelled. The digest
 * drives delivery through its API (an approved issue's send starts at once, a scheduled one at
 * its time, cancelling a sending issue cancels its send) and moves the issue on what delivery
 * announces. The listeners run synchronously, in the transaction that changed the send, so the
 * issue and its send commit together or not at all, in {@code serve} and in a CLI process.
 */
@Service
public class IssueLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IssueLifecycle.class);

    private final DigestIssues issues;
    private final SendService sends;

    IssueLifecycle(DigestIssues issues, SendService sends) {
        this.issues = issues;
        this.sends = sends;
    }

    // ---- what editors, the weekly job and the CLI do

    /**
     * Closes the window ending at {@code cutoff} into an issue (see {@link DigestIssues#createIssueForWindow});
     * when it approved itself ({@code verdict.digest.require-approval: false}) its send starts.
     */
    @Transactional
    public Optional<Issue> closeWindow(Instant cutoff) {
        return started(issues.createIssueForWindow(cutoff));
    }

    /** As {@link #closeWindow(Instant)}, by {@code actor}, from {@code windowStart} (null: the previous cut-off). */
    @Transactional
    public Optional<Issue> closeWindow(Instant windowStart, Instant cutoff, String actor) {
        return started(issues.createIssue(windowStart, cutoff, actor));
    }

    /**
     * A weekly fire that closed no window (skipped after a downtime, or failed): recorded with the
     * digest's other runs so the editor sees the week.
     */
    public void recordMissedRun(Instant scheduledFor, boolean skipped, String detail) {
        issues.recordMissedRun(scheduledFor, skipped ? WindowRun.Outcome.SKIPPED : WindowRun.Outcome.FAILED, detail);
    }

    /** Freezes the content, approves, and starts the send at once. */
    @Transactional
    public Issue approve(int number, String actor) {
        issues.approve(number, actor);
        sends.start(number);
        return issues.require(number);
    }

    /** Freezes the content, approves, and schedules the send for {@code sendAt}. */
    @Transactional
    public Issue approve(int number, String actor, Instant sendAt) {
        issues.approve(number, actor);
        return issues.schedule(number, sendAt, actor);
    }

    /** Sets or moves the send time of an approved or scheduled issue. */
    @Transactional
    public Issue schedule(int number, Instant at, String actor) {
        return issues.schedule(number, at, actor);
    }

    /**
     * Cancels the issue from any state it can still be stopped in: a draft, an approved or
     * scheduled issue, or a sending one (its send is cancelled, running or paused; the issue
     * follows on {@link SendCancelled}).
     */
    @Transactional
    public Issue cancel(int number, String actor) {
        Issue issue = issues.require(number);
        if (issue.state() != IssueState.SENDING) {
            return issues.cancel(number, actor);
        }
        if (!sends.cancel(number, actor)) {
            throw new IssueStateException("Issue #" + number + " has finished sending; it can no longer be cancelled.");
        }
        return issues.require(number);
    }

    /**
     * Starts the send of an approved or scheduled issue now (the editor's "send now", the
     * scheduled time come). A sending issue's send is returned as it is: nobody is added.
     *
     * @return the start, or empty when the issue is in no state to be sent
     */
    @Transactional
    public Optional<SendService.Started> sendNow(int number) {
        IssueState state = issues.require(number).state();
        if (state != IssueState.APPROVED && state != IssueState.SCHEDULED && state != IssueState.SENDING) {
            return Optional.empty();
        }
        return Optional.of(sends.start(number));
    }

    /**
     * Starts the sends that are due: scheduled issues whose time has come, and approved issues
     * that have none (approved by an earlier release, which left the start to a poller).
     *
     * @return how many were started
     */
    public int sendDue(Instant now) {
        List<Issue> due = issues.findApprovedDueForSending(now);
        int started = 0;
        for (Issue issue : due) {
            try {
                if (sendNow(issue.number()).map(SendService.Started::created).orElse(false)) {
                    started++;
                }
            } catch (IssueStateException e) {
                log.info("issue {} was not started: {}", issue.number(), e.getMessage());
            }
        }
        return started;
    }

    private Optional<Issue> started(Optional<Issue> created) {
        if (created.isPresent() && created.get().state() == IssueState.APPROVED) {
            sends.start(created.get().number());
            return Optional.of(issues.require(created.get().number()));
        }
        return created;
    }

    // ---- what delivery did: the issue follows, in the same transaction

    /**
     * A send started: its issue is sending. A send of an issue that is not approved or scheduled
     * is refused (the exception rolls the start back): only the digest decides what goes out.
     */
    @EventListener
    void on(SendStarted started) {
        Optional<Issue> issue = find(started.issueNumber());
        if (issue.isEmpty() || issue.get().state() == IssueState.SENDING) {
            return;
        }
        if (!issues.markSending(issue.get().number())) {
            throw new IssueStateException("Issue #" + issue.get().number() + " is " + issue.get().stateLabel()
                    + "; only an approved or scheduled issue can be sent.");
        }
        log.info("issue {}: sending to {} subscribers", started.issueNumber(), started.recipients());
    }

    @EventListener
    void on(SendPaused paused) {
        find(paused.issueNumber()).ifPresent(i -> issues.recordSendChange(i.number(), "send-paused", paused.reason()));
    }

    @EventListener
    void on(SendResumed resumed) {
        find(resumed.issueNumber()).ifPresent(i -> issues.recordSendChange(i.number(), "send-resumed", null));
    }

    @EventListener
    void on(SendCancelled cancelled) {
        find(cancelled.issueNumber()).ifPresent(i -> issues.markCancelled(i.number(), cancelled.by()));
    }

    @EventListener
    void on(SendFinished finished) {
        find(finished.issueNumber()).filter(i -> issues.markSent(i.number(), finished.summary()))
                .ifPresent(i -> log.info("issue {} sent: {}", i.number(), finished.summary()));
    }

    /** Sends of numbers that are no digest issue (a CLI send of a bare number) concern nobody here. */
    private Optional<Issue> find(long issueNumber) {
        return issueNumber > Integer.MAX_VALUE ? Optional.empty() : issues.find((int) issueNumber);
    }
}
