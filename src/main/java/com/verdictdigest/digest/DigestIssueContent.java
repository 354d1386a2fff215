package com.verdictdigest.digest;

import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

import com.verdictdigest.delivery.IssueContent;
import com.verdictdigest.delivery.ClaimedRow;
import com.verdictdigest.mail.PersonalMail;
import com.verdictdigest.subscribers.SubscriberLinks;
import com.verdictdigest.votes.VoteLinks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The digest as the send engine's content: each issue's frozen snapshot is rendered once (the
 * FreeMarker run) and then only personalised per recipient (string splicing), from any number of
 * sender threads. Readers who show votes get their own vote links; what all of an issue's links
 * share (the issue, the expiry) is fixed once per issue.
 */
@Component
public class DigestIssueContent implements IssueContent {

    private final LongFunction<RenderedIssue> source;
    private final DigestRenderer renderer;
    private final SubscriberLinks links;
    private final VoteLinks votes;
    private final Map<Long, RenderedIssue> rendered = new ConcurrentHashMap<>();
    private final Map<Long, VoteLinks.IssueBallots> ballots = new ConcurrentHashMap<>();

    @Autowired
    public DigestIssueContent(DigestIssues issues, DigestRenderer renderer, SubscriberLinks links, VoteLinks votes) {
        this(n -> renderer.renderShared(issues.snapshot(Math.toIntExact(n))), renderer, links, votes);
    }

    /** @param source the shared render of an issue by number (benchmarks hand one in directly) */
    public DigestIssueContent(LongFunction<RenderedIssue> source, DigestRenderer renderer, SubscriberLinks links,
                              VoteLinks votes) {
        this.source = source;
        this.renderer = renderer;
        this.links = links;
        this.votes = votes;
    }

    @Override
    public PersonalMail render(long issueNumber, ClaimedRow row) {
        RenderedIssue issue = rendered.computeIfAbsent(issueNumber, source::apply);
        Ballot ballot = null;
        if (row.showVotes()) {
            VoteLinks.IssueBallots issueBallots = ballots.computeIfAbsent(issueNumber,
                    n -> votes.forIssue(Math.toIntExact(n)));
            long subscriber = row.subscriberId();
            ballot = (comparison, tool) -> issueBallots.urls(subscriber, comparison, tool);
        }
        Reader recipient = new Reader(row.email(), row.name(), links.unsubscribeUrl(row.token()),
                links.preferencesUrl(row.token()),
                row.categories() == null ? null : new HashSet<>(row.categories()), row.textOnly(), ballot);
        PersonalMessage message = renderer.personalise(issue, recipient);
        if (message.itemCount() == 0) {
            return null;
        }
        return new PersonalMail(message.subject(), message.htmlParts(), message.textParts());
    }
}
