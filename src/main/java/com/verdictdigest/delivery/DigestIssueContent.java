package com.verdictdigest.delivery;

import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.DigestRenderer;
import com.verdictdigest.digest.PersonalMessage;
import com.verdictdigest.digest.Recipient;
import com.verdictdigest.digest.RenderedIssue;
import com.verdictdigest.subscribers.SubscriberLinks;
import org.springframework.stereotype.Component;

/**
 * The digest as the send engine's content: each issue's frozen snapshot is rendered once (the
 * FreeMarker run) and then only personalised per recipient (string splicing), from any number of
 * sender threads.
 */
@Component
public class DigestIssueContent implements IssueContent {

    private final DigestIssues issues;
    private final DigestRenderer renderer;
    private final SubscriberLinks links;
    private final Map<Long, RenderedIssue> rendered = new ConcurrentHashMap<>();

    public DigestIssueContent(DigestIssues issues, DigestRenderer renderer, SubscriberLinks links) {
        this.issues = issues;
        this.renderer = renderer;
        this.links = links;
    }

    @Override
    public PersonalMail render(long issueNumber, RecipientRow row) {
        RenderedIssue issue = rendered.computeIfAbsent(issueNumber,
                n -> renderer.renderShared(issues.snapshot(Math.toIntExact(n))));
        Recipient recipient = new Recipient(row.email(), row.name(), links.unsubscribeUrl(row.token()),
                links.preferencesUrl(row.token()),
                row.categories() == null ? null : new HashSet<>(row.categories()), row.textOnly());
        PersonalMessage message = renderer.personalise(issue, recipient);
        if (message.itemCount() == 0) {
            return null;
        }
        return new PersonalMail(message.subject(), message.html(), message.text());
    }
}
