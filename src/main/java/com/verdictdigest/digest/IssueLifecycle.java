package com.verdictdigest.digest;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

import com.verdictdigest.delivery.SendCancelled;
import com.verdictdigest.delivery.SendFinished;
import com.verdictdigest.delivery.SendPaused;
import com.verdictdigest.delivery.SendResumed;
import com.verdictdigest.delivery.SendService;
import com.verdictdigest.delivery.SendStarted;
import com.verdictdigest.delivery.SendWentOut;
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
 *
 * <p>How an issue goes out is chosen when it is approved (or later, until its send starts): to
 * everyone at once, or at HH:MM in each reader's zone ({@code verdict.delivery.local-time} unless
 * the editor chooses). A local-time send can take up to a day, and longer when paused; so that no
 * reader ever gets an issue before the one before it, an issue's send does not start while an
 * earlier issue's send is open (running or paused): it waits, approved or scheduled, and the
 * dispatcher starts it once the earlier send has ended (or was cancelled). The editor is told.
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

    /**
     * Freezes the content, approves, and starts the send at once, as configured
     * ({@code verdict.delivery.local-time}); it waits if an earlier issue's send is open.
     */
    @Transactional
    public Issue approve(int number, String actor) {
        return approveAndSend(number, actor, sends.defaultLocalTime());
    }

    /**
     * Freezes the content, approves, and starts the send now: at {@code localTime} in each reader's
     * zone, or to everyone at once when it is null. If an earlier issue's send is still open the
     * issue stays approved and the dispatcher starts it when that send ends ({@link #waitsFor}).
     */
    @Transactional
    public Issue approveAndSend(int number, String actor, LocalTime localTime) {
        issues.approve(number, actor);
        issues.chooseDelivery(number, localTime, actor);
        startUnlessWaiting(number);
        return issues.require(number);
    }

    /** Freezes the content, approves, and schedules the send for {@code sendAt}, delivered as configured. */
    @Transactional
    public Issue approve(int number, String actor, Instant sendAt) {
        return approveAndSchedule(number, actor, sendAt, sends.defaultLocalTime());
    }

    /** Freezes the content, approves, and schedules the send for {@code sendAt}, at {@code localTime} (null: at once). */
    @Transactional
    public Issue approveAndSchedule(int number, String actor, Instant sendAt, LocalTime localTime) {
        issues.approve(number, actor);
        issues.chooseDelivery(number, localTime, actor);
        return issues.schedule(number, sendAt, actor);
    }

    /** How the issue goes out (null: to everyone at once); until its send starts. */
    @Transactional
    public Issue chooseDelivery(int number, LocalTime localTime, String actor) {
        return issues.chooseDelivery(number, localTime, actor);
    }

    /**
     * An earlier issue whose send is not over (running or paused): while there is one, this
     * issue's send does not start.
     */
    public Optional<Integer> waitsFor(int number) {
        return sends.openSends().stream().filter(n -> n < number)
                .map(Long::intValue).filter(n -> issues.find(n).isPresent()).findFirst();
    }

    /** Why the issue's send does not start now, for the editor; empty when it may. */
    public Optional<String> waitingReason(int number) {
        return waitsFor(number).map(earlier -> {
            Instant last = sends.waves(earlier).stream().map(com.verdictdigest.delivery.SendWave::dueAt)
                    .max(Instant::compareTo).orElse(null);
            String state = sends.state(earlier).map(st -> st.name().toLowerCase(java.util.Locale.ROOT)).orElse("open");
            return "Issue #" + number + " waits for issue #" + earlier + ", whose send is not over (" + state
                    + (last == null ? "" : ", its last wave due " + last) + "): no reader gets an issue before the one "
                    + "before it. Its send starts by itself once #" + earlier + "'s has ended or was cancelled.";
        });
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
     * scheduled time come), delivered as chosen for the issue. A sending issue's send is returned
     * as it is: nobody is added.
     *
     * @return the start, or empty when the issue is in no state to be sent
     * @throws IssueStateException when an earlier issue's send is still open (see {@link #waitingReason})
     */
    @Transactional
    public Optional<SendService.Started> sendNow(int number) {
        Issue issue = issues.require(number);
        IssueState state = issue.state();
        if (state != IssueState.APPROVED && state != IssueState.SCHEDULED && state != IssueState.SENDING) {
            return Optional.empty();
        }
        if (state != IssueState.SENDING) {
            Optional<String> waiting = waitingReason(number);
            if (waiting.isPresent()) {
                throw new IssueStateException(waiting.get());
            }
        }
        return Optional.of(sends.start(number, issue.localDeliveryTime()));
    }

    /** As {@link #sendNow(int)}, first choosing how it goes out (null: to everyone at once). */
    @Transactional
    public Optional<SendService.Started> sendNow(int number, LocalTime localTime, String actor) {
        Issue issue = issues.require(number);
        if (issue.state() == IssueState.APPROVED || issue.state() == IssueState.SCHEDULED) {
            issues.chooseDelivery(number, localTime, actor);
        }
        return sendNow(number);
    }

    /** Starts the approved issue's send, unless an earlier one is open: then it waits (recorded in its history). */
    private void startUnlessWaiting(int number) {
        Optional<Integer> earlier = waitsFor(number);
        if (earlier.isPresent()) {
            log.info("issue {} approved; its send waits for issue {}'s", number, earlier.get());
            issues.recordSendChange(number, "waiting", "for issue #" + earlier.get() + "'s send to end");
            return;
        }
        sends.start(number, issues.require(number).localDeliveryTime());
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
            if (waitsFor(issue.number()).isPresent()) {
                continue; // started when the earlier send ends
            }
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
            int number = created.get().number();
            issues.chooseDelivery(number, sends.defaultLocalTime(), DigestIssues.SYSTEM);
            startUnlessWaiting(number);
            return Optional.of(issues.require(number));
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

    /** The first mail went out (a local-time send's first wave): the archive shows the issue. */
    @EventListener
    void on(SendWentOut out) {
        find(out.issueNumber()).ifPresent(i -> issues.markPublished(i.number()));
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
        find(finished.issueNumber()).filter(i -> i.state() == IssueState.SENDING).ifPresent(i -> {
            // Usually public since its first mail; a send that mailed nobody had none, and is public now.
            issues.markPublished(i.number());
            if (issues.markSent(i.number(), finished.summary())) {
                log.info("issue {} sent: {}", i.number(), finished.summary());
            }
        });
    }

    /** Sends of numbers that are no digest issue (a CLI send of a bare number) concern nobody here. */
    private Optional<Issue> find(long issueNumber) {
        return issueNumber > Integer.MAX_VALUE ? Optional.empty() : issues.find((int) issueNumber);
    }
}
