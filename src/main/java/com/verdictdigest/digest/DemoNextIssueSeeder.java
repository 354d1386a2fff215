package com.verdictdigest.digest;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.verdictdigest.system.DemoSeeder;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo's next issue: once the week's issue is sent (order 40) and its readers have voted
 * (order 45), the window up to now (the comparison the first issue left out) becomes the next
 * issue, a draft whose preview opens with "Last week readers said".
 */
@Component
@Order(50)
public class DemoNextIssueSeeder implements DemoSeeder {

    private final DigestIssues issues;
    private final Clock clock;

    public DemoNextIssueSeeder(DigestIssues issues, Clock clock) {
        this.issues = issues;
        this.clock = clock;
    }

    @Override
    public String seed() {
        Optional<Issue> latest = issues.list(1).stream().findFirst();
        if (latest.isEmpty() || latest.get().state() != IssueState.SENT) {
            return "Next issue: " + latest.map(i -> "issue #" + i.number() + " is " + i.stateLabel()).orElse("no issue")
                    + ", no next issue";
        }
        return issues.createIssueForWindow(clock.instant()).map(i -> {
            IssueSnapshot s = issues.snapshot(i.number());
            return "Next issue: #" + i.number() + " (" + i.stateLabel() + ") with " + s.comparisons().size()
                    + (s.comparisons().size() == 1 ? " comparison" : " comparisons") + "; last week readers voted on "
                    + s.readersSaid().size() + (s.readersSaid().size() == 1 ? " comparison" : " comparisons");
        }).orElse("Next issue: nothing new since #" + latest.get().number());
    }

    @Override
    public List<String> links(String baseUrl) {
        return issues.list(1).stream().filter(i -> i.number() > DemoDigestSeeder.FIRST)
                .map(i -> String.format("%-18s%s", "Next issue:", baseUrl + "/editor/issues/" + i.number())).toList();
    }
}
