package com.verdictdigest.schedule;

import java.time.Instant;
import java.util.Optional;

import com.verdictdigest.delivery.SendProgress;
import com.verdictdigest.delivery.SendService;
import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.Issue;
import com.verdictdigest.digest.IssueState;
import org.springframework.stereotype.Component;

/**
 * The weekly run: close the week's window into an issue; if it needs no approval it goes out
 * now, else it waits as a draft until an editor approves it (then {@link IssueDispatcher} sends it).
 */
@Component
class DigestWeeklyRun implements WeeklyRun {

    private final DigestIssues issues;
    private final IssueDispatcher dispatcher;

    DigestWeeklyRun(DigestIssues issues, IssueDispatcher dispatcher) {
        this.issues = issues;
        this.dispatcher = dispatcher;
    }

    @Override
    public String run(Instant scheduledFor) {
        Optional<Issue> created = issues.createIssueForWindow(scheduledFor);
        if (created.isEmpty()) {
            return "nothing new since the last issue: nothing to send";
        }
        Issue issue = created.get();
        if (issue.state() == IssueState.APPROVED) {
            Optional<SendProgress> progress = dispatcher.dispatch(issue.number()).map(SendService.Started::progress);
            return "issue " + issue.number() + " approved by itself; "
                    + progress.map(p -> "sending to " + p.recipients() + " subscribers").orElse("not sent");
        }
        return "issue " + issue.number() + " is a draft waiting for an editor's approval";
    }
}
