package com.verdictdigest.digest;

import com.verdictdigest.support.Config;
import com.verdictdigest.votes.VoteFixtures;
import com.verdictdigest.votes.VoteLinks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How fast one issue is personalised for many subscribers (run by {@code bench/render}): the
 * shared render once, then one copy per subscriber, single-threaded, as the sender does it.
 * Subscribers are mixed: most take every category, some one category, some plain text only;
 * all but one in ten get their vote links (one MAC per tool they see), as a send makes them.
 */
public final class RenderBench {

    public static void main(String[] args) {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int comparisons = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int rounds = 5;

        DigestRenderer renderer = new DigestRenderer(new EmailTemplates((String) null), DigestFixtures.site(),
                Config.defaults(DigestProperties.class));
        IssueSnapshot snapshot = DigestFixtures.snapshotWith(1, comparisons);
        long t0 = System.nanoTime();
        RenderedIssue shared = renderer.renderShared(snapshot);
        long sharedNanos = System.nanoTime() - t0;

        VoteLinks.IssueBallots ballots = VoteFixtures.links(DigestFixtures.site(), java.time.Clock.systemUTC()).forIssue(1);
        List<Reader> recipients = new ArrayList<>(subscribers);
        for (int i = 0; i < subscribers; i++) {
            Set<String> categories = i % 5 == 3 ? Set.of("Image Generation") : i % 5 == 4 ? Set.of("developer tools") : Set.of();
            long id = 1_000_000L + i;
            Ballot ballot = i % 10 == 7 ? null : (comparison, tool) -> ballots.urls(id, comparison, tool);
            recipients.add(new Reader("reader" + i + "@example.org", i % 3 == 0 ? "" : "Reader " + i,
                    "https://digest.example.com/unsubscribe/" + Long.toHexString(0x9e3779b97f4a7c15L * (i + 1)),
                    "https://digest.example.com/preferences/" + Long.toHexString(0x7f4a7c159e3779b9L * (i + 1)),
                    categories, i % 10 == 9, ballot));
        }

        System.out.printf("bench/render: 1 issue, %d comparisons + %d new tools, %d subscribers (20%% one category, 20%% another, 10%% text only, 90%% with vote links)%n",
                snapshot.comparisons().size(), snapshot.newTools().size(), subscribers);
        System.out.printf("shared render (FreeMarker HTML + text, compile, lint), first call: %.1f ms; lint findings: %d%n",
                sharedNanos / 1e6, shared.lint().findings().size());
        PersonalMessage full = renderer.personalise(shared, recipients.get(1));
        System.out.printf("full copy with vote links: HTML %,d bytes, text %,d bytes%n",
                full.html().getBytes(StandardCharsets.UTF_8).length, full.text().getBytes(StandardCharsets.UTF_8).length);

        double best = 0;
        long checksum = 0;
        for (int round = 0; round <= rounds; round++) {
            long bytes = 0;
            long start = System.nanoTime();
            for (Reader r : recipients) {
                PersonalMessage m = renderer.personalise(shared, r);
                bytes += m.text().length() + (m.html() == null ? 0 : m.html().length());
            }
            long nanos = System.nanoTime() - start;
            checksum += bytes;
            double perSecond = subscribers / (nanos / 1e9);
            if (round == 0) {
                System.out.printf("round 0 (warm-up): %,.0f personalised renders/s%n", perSecond);
                continue;
            }
            best = Math.max(best, perSecond);
            System.out.printf("round %d: %,d renders in %.1f ms = %,.0f personalised renders/s (%.1f MB of mail)%n",
                    round, subscribers, nanos / 1e6, perSecond, bytes / 1e6);
        }
        System.out.printf("best: %,.0f personalised renders/s on one thread (checksum %d)%n", best, checksum);
    }
}
