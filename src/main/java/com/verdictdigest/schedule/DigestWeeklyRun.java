package com.verdictdigest.schedule;

import java.time.Instant;
import java.util.Optional;

import com.verdictdigest.delivery.SendService;
import com.verdictdigest.digest.Issue;
import com.verdictdigest.digest.IssueLifecycle;
import com.verdictdigest.digest.IssueState;
import org.springframework.stereotype.Component;

/**
 * The weekly run: close the week's window into an issue; if it needs no approval its send starts
 * now, else it waits as a draft until an editor approves it.
 */
@Component
class DigestWeeklyRun implements WeeklyRun {

    private final IssueLifecycle lifecycle;
    private final SendService sends;

    DigestWeeklyRun(IssueLifecycle lifecycle, SendService sends) {
        this.lifecycle = lifecycle;
        this.sends = sends;
    }

    @Override
    public String run(Instant scheduledFor) {
        Optional<Issue> created = lifecycle.closeWindow(scheduledFor);
        if (created.isEmpty()) {
            return "nothing new since the last issue: nothing to send";
        }
        Issue issue = created.get();
        if (issue.state() == IssueState.DRAFT) {
            return "issue " + issue.number() + " is a draft waiting for an editor's approval";
        }
        return "issue " + issue.number() + " approved by itself; "
                + sends.progress(issue.number()).map(p -> "sending to " + p.recipients() + " subscribers").orElse("not sent");
    }

    @Override
    public void missed(Instant scheduledFor, boolean skipped, String why) {
        lifecycle.recordMissedRun(scheduledFor, skipped, why);
    }
}
