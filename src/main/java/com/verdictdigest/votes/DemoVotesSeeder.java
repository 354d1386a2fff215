package com.verdictdigest.votes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.verdictdigest.system.DemoSeeder;
import com.verdictdigest.system.DevMailServer;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo's readers vote: after the week's digest has landed in the dev inbox (the send, at
 * order 40), a few of them use the Ship/Skip links of their own copy, through the same code as
 * the vote button's POST, so the catalog, the archive and the next issue have results to show.
 */
@Component
@Order(45)
class DemoVotesSeeder implements DemoSeeder {

    private static final Pattern LINK = Pattern.compile("/votes/([A-Za-z0-9_-]{24," + VoteTokens.MAX_LENGTH + "})");

    private final ObjectProvider<DevMailServer> mail;
    private final VoteService votes;

    DemoVotesSeeder(ObjectProvider<DevMailServer> mail, VoteService votes) {
        this.mail = mail;
        this.votes = votes;
    }

    @Override
    public String seed() {
        DevMailServer server = mail.getIfAvailable();
        if (server == null) {
            return "Votes: no dev inbox, no demo votes";
        }
        int readers = 0;
        int cast = 0;
        for (MimeMessage m : server.greenMail().getReceivedMessages()) {
            List<String> links = links(m);
            if (links.isEmpty()) {
                continue;
            }
            // The text part lists each tool's links as ship, then skip; reader r votes on most tools, not all.
            for (int tool = 0; tool * 2 + 1 < links.size(); tool++) {
                if ((readers + tool) % 4 == 3) {
                    continue;
                }
                boolean skip = (readers * 7 + tool) % 3 == 0;
                VoteService.Outcome o = votes.cast(links.get(tool * 2 + (skip ? 1 : 0)), "demo").outcome();
                cast += o == VoteService.Outcome.COUNTED || o == VoteService.Outcome.CHANGED ? 1 : 0;
            }
            readers++;
        }
        return readers == 0 ? "Votes: no digest with vote links in the dev inbox"
                : "Votes: " + cast + " demo votes from " + readers + " readers' digests";
    }

    /** The vote tokens of a mail's text part, in order. */
    private static List<String> links(MimeMessage m) {
        List<String> out = new ArrayList<>();
        try {
            String text = text(m);
            if (text != null) {
                Matcher matcher = LINK.matcher(text);
                while (matcher.find()) {
                    out.add(matcher.group(1));
                }
            }
        } catch (MessagingException | IOException e) {
            // not a digest we can read: no votes from it
        }
        return out;
    }

    private static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return part.getContent().toString();
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                String t = text(mp.getBodyPart(i));
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }
}
