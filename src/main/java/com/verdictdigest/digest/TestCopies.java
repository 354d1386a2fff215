package com.verdictdigest.digest;

import java.util.Set;

import com.verdictdigest.delivery.TestCopyMailer;
import com.verdictdigest.delivery.TestCopyNotSentException;
import com.verdictdigest.mail.PersonalMail;
import com.verdictdigest.subscribers.SubscriberLinks;
import com.verdictdigest.system.SiteProperties;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.stereotype.Component;

/**
 * Sends one copy of an issue to an editor's address before approval, subject marked [TEST],
 * through the delivery feature's {@link TestCopyMailer}: the same headers, encoding and DKIM
 * signature as the real send. Its footer says it is a test copy, and its links (unsubscribe,
 * preferences, view online, votes) lead to pages that say so: a test copy can never unsubscribe
 * anybody nor count a vote.
 */
@Component
public class TestCopies {

    private final TestCopyMailer sender;
    private final DigestRenderer renderer;
    private final SiteProperties site;

    public TestCopies(TestCopyMailer sender, DigestRenderer renderer, SiteProperties site) {
        this.sender = sender;
        this.renderer = renderer;
        this.site = site;
    }

    /**
     * @throws IllegalArgumentException when {@code to} is not one plain address
     * @throws TestCopyNotSentException when the SMTP server did not take the message
     */
    public void send(RenderedIssue issue, String to) {
        InternetAddress address = parse(to);
        Reader r = new Reader(address.getAddress(), "", site.publicUrl() + "/unsubscribe/" + SubscriberLinks.TEST_COPY_TOKEN,
                site.publicUrl() + "/preferences/" + SubscriberLinks.TEST_COPY_TOKEN, Set.of(), false, renderer.previewBallot(), true);
        PersonalMessage m = renderer.personalise(issue, r);
        sender.send(issue.number(), new PersonalMail("[TEST] " + m.subject(), m.htmlParts(), m.textParts()), address.getAddress());
    }

    /** One bare address (no display name, no list, no line breaks): an editor's typing, checked strictly. */
    static InternetAddress parse(String to) {
        String t = to == null ? "" : to.strip();
        if (t.isEmpty() || t.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))
                || t.indexOf('@') <= 0 || t.indexOf(',') >= 0 || t.indexOf('<') >= 0) {
            throw new IllegalArgumentException("to: \"" + to + "\" is not an email address like editor@example.com");
        }
        try {
            InternetAddress a = new InternetAddress(t, true);
            a.validate();
            if (!a.getAddress().substring(a.getAddress().indexOf('@') + 1).contains(".")) {
                throw new AddressException("domain without a dot");
            }
            return a;
        } catch (AddressException e) {
            throw new IllegalArgumentException("to: \"" + to + "\" is not an email address like editor@example.com");
        }
    }
}
