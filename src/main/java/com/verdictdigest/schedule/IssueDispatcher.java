package com.verdictdigest.schedule;

import java.time.Clock;
import java.util.Optional;

import com.verdictdigest.delivery.DeliveryRepository.SendState;
import com.verdictdigest.delivery.SendProgress;
import com.verdictdigest.delivery.SendService;
import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.Issue;
import com.verdictdigest.digest.IssueState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Hands approved issues to the send engine and closes them when their send is done. Each step is
 * idempotent and re-derivable from the stores, so a crash between "issue is sending" and "send
 * exists" is repaired by the next {@link #reconcile()}.
 */
@Service
public class IssueDispatcher {

    private static final Logger log = LoggerFactory.getLogger(IssueDispatcher.class);

    private final DigestIssues issues;
    private final SendService sends;
    private final Clock clock;

    public IssueDispatcher(DigestIssues issues, SendService sends, Clock clock) {
        this.issues = issues;
        this.sends = sends;
        this.clock = clock;
    }

    /**
     * Starts the send of an approved (or due scheduled) issue. A second call adds nobody.
     *
     * @return the start (created, or found running) and its progress; empty if the issue was in no
     *         state to be sent
     */
    public Optional<SendService.Started> dispatch(int number) {
        Issue issue = issues.require(number);
        if (issue.state() != IssueState.SENDING && !issues.markSending(number)) {
            return Optional.empty();
        }
        SendService.Started started = sends.start(number);
        if (started.created()) {
            log.info("issue {}: send started for {} subscribers", number, started.enqueued());
        }
        return Optional.of(started);
    }

    /**
     * Starts every approved issue that is due, starts sends missing for issues marked sending
     * (a crash in between), and marks sent the issues whose send is done.
     */
    public void reconcile() {
        for (Issue due : issues.findApprovedDueForSending(clock.instant())) {
            dispatch(due.number());
        }
        for (Issue issue : issues.sending()) {
            Optional<SendState> state = sends.state(issue.number());
            if (state.isEmpty()) {
                sends.start(issue.number());
            } else if (state.get() == SendState.DONE && issues.markSent(issue.number())) {
                log.info("issue {} sent: {}", issue.number(), sends.progress(issue.number()).map(SendProgress::summary).orElse(""));
            }
        }
    }
}
