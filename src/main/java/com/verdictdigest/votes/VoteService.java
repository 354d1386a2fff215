package com.verdictdigest.votes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.verdictdigest.catalog.CatalogRepository;
import com.verdictdigest.catalog.Community;
import com.verdictdigest.catalog.CommunityFigures;
import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.catalog.ComparisonSide;
import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.subscribers.SubscribersProperties;
import com.verdictdigest.system.SiteProperties;
import com.verdictdigest.system.SqlTime;
import com.verdictdigest.system.ClientAddresses;
import io.github.bucket4j.Bucket;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A reader's vote from a link in their digest. {@link #look} is what a GET shows and writes
 * nothing (mail scanners open every link); {@link #cast} is the button's POST: one small
 * transaction that records the vote (or replaces the reader's earlier one), appends it to the
 * history and moves the side's count, then the community result is read back.
 */
@Service
public class VoteService {

    /** What became of a request; each has its own page. */
    public enum Outcome {
        /** GET: the page with the button. */
        ASK,
        /** The reader's first vote on this tool was counted. */
        COUNTED,
        /** The reader's earlier, other vote was replaced by this one. */
        CHANGED,
        /** The reader had already voted this way: nothing changed. */
        UNCHANGED,
        /** Not a token of ours, or edited. */
        INVALID,
        EXPIRED,
        /** The reader is no longer subscribed (unsubscribed, bounced, complained, suppressed, erased). */
        NOT_SUBSCRIBED,
        /** The comparison or tool is no longer in the catalog. */
        UNKNOWN_COMPARISON,
        /** Too many votes from this link or this client. */
        LIMITED,
        /** A link from a preview or an editor's test copy. */
        PREVIEW
    }

    /** A side's result as the page shows it. */
    public record SideResult(String tool, Community community) {
    }

    /**
     * @param token   the link's content; null when INVALID or PREVIEW
     * @param tool    the voted tool's name, title the comparison's ("A vs B"); null when unknown
     * @param results both sides' figures, after the vote when one was cast
     * @param otherToken the token of the same link with the other choice ("change my vote")
     * @param current the reader's vote before this request, if any
     */
    public record View(Outcome outcome, VoteToken token, String tool, String title, String comparisonUrl,
                       List<SideResult> results, String otherToken, Verdict current) {

        static View of(Outcome outcome) {
            return new View(outcome, null, null, null, null, List.of(), null, null);
        }
    }

    /** A comparison's names, cached: the vote's hot path reads no catalog table. */
    private record Target(long comparisonId, String slug, String title, long toolA, String nameA, long toolB,
                          String nameB, Instant loadedAt) {

        String name(long toolId) {
            return toolId == toolA ? nameA : toolId == toolB ? nameB : null;
        }
    }

    private static final Duration TARGET_TTL = Duration.ofMinutes(1);
    private static final int MAX_TRACKED = 100_000;
    private static final int ATTEMPTS = 3;

    private final VoteTokens tokens;
    private final VoteRepository repository;
    private final CatalogRepository catalog;
    private final VoteProperties properties;
    private final SiteProperties site;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Map<Long, Target> targets = lru(10_000);
    private final Map<String, Bucket> tokenBuckets = lru(MAX_TRACKED);
    private final Map<String, Bucket> ipBuckets = lru(MAX_TRACKED);

    public VoteService(VoteTokens tokens, VoteRepository repository, CatalogRepository catalog,
                       VoteProperties properties, SiteProperties site, Clock clock,
                       PlatformTransactionManager transactions) {
        this.tokens = tokens;
        this.repository = repository;
        this.catalog = catalog;
        this.properties = properties;
        this.site = site;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    /** A link's token and what it names, or why the link cannot vote whatever the reader does. */
    private record Ballot(VoteToken token, Target target, View refusal) {
    }

    /** The checks the GET page and the POST share: a preview, no vote link, an unknown comparison, an expired link. */
    private Ballot ballot(String token) {
        if (VoteLinks.PREVIEW_TOKEN.equals(token)) {
            return new Ballot(null, null, View.of(Outcome.PREVIEW));
        }
        VoteTokens.Checked checked = tokens.check(token);
        if (checked.status() == VoteTokens.Status.INVALID) {
            return new Ballot(null, null, View.of(Outcome.INVALID));
        }
        VoteToken t = checked.token();
        Target target = target(t);
        if (target == null) {
            return new Ballot(t, null, view(Outcome.UNKNOWN_COMPARISON, t, null, null));
        }
        if (checked.status() == VoteTokens.Status.EXPIRED) {
            return new Ballot(t, target, view(Outcome.EXPIRED, t, target, null));
        }
        return new Ballot(t, target, null);
    }

    /** What the link's GET page shows. Writes nothing. */
    public View look(String token) {
        Ballot ballot = ballot(token);
        if (ballot.refusal() != null) {
            return ballot.refusal();
        }
        VoteToken t = ballot.token();
        Target target = ballot.target();
        if (!repository.readerConfirmed(t.subscriberId()).orElse(false)) {
            return view(Outcome.NOT_SUBSCRIBED, t, target, null);
        }
        Verdict current = repository.currentVote(t.subscriberId(), t.comparisonId(), t.toolId()).orElse(null);
        return new View(Outcome.ASK, t, target.name(t.toolId()), target.title(), site.comparisonUrl(target.slug()),
                List.of(), null, current);
    }

    /** The vote button's POST: counts the vote once, replaces the reader's other vote, or refuses. */
    public View cast(String token, String clientIp) {
        Ballot ballot = ballot(token);
        if (ballot.refusal() != null) {
            return ballot.refusal();
        }
        VoteToken t = ballot.token();
        Target target = ballot.target();
        // the real client's address (trusted proxies applied by Tomcat), an IPv6 client by its /64
        if (!take(ipBuckets, ClientAddresses.rateKey(clientIp), properties.perIp())
                || !take(tokenBuckets, token, properties.perToken())) {
            return view(Outcome.LIMITED, t, target, null);
        }
        Outcome outcome = record(t);
        if (outcome == Outcome.NOT_SUBSCRIBED) {
            return view(outcome, t, target, null);
        }
        return view(outcome, t, target, results(target));
    }

    private Outcome record(VoteToken t) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> recordOnce(t));
            } catch (DuplicateKeyException raced) {
                // a first vote of the same reader (or the first of a tally shard) committed meanwhile: again, now it exists
                if (attempt == ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    private Outcome recordOnce(VoteToken t) {
        if (!repository.readerConfirmed(t.subscriberId()).orElse(false)) {
            return Outcome.NOT_SUBSCRIBED;
        }
        Instant now = SqlTime.now(clock);
        Verdict choice = t.choice();
        Verdict other = choice == Verdict.SHIP ? Verdict.SKIP : Verdict.SHIP;
        int shard = (int) (t.subscriberId() % VoteRepository.SHARDS);
        int delta = choice == Verdict.SHIP ? 1 : -1;
        // A first vote is the common case: one statement for it, a second only when the reader had voted.
        if (repository.insertFirstVote(t.subscriberId(), t.comparisonId(), t.toolId(), choice, t.issueNumber(), now) == 1) {
            repository.appendHistory(t.subscriberId(), t.comparisonId(), t.toolId(), choice, null, t.issueNumber(), now);
            repository.addToTally(t.comparisonId(), t.toolId(), shard, delta > 0 ? 1 : 0, delta < 0 ? 1 : 0);
            return Outcome.COUNTED;
        }
        if (repository.changeVote(t.subscriberId(), t.comparisonId(), t.toolId(), choice, t.issueNumber(), now) == 1) {
            repository.appendHistory(t.subscriberId(), t.comparisonId(), t.toolId(), choice, other, t.issueNumber(), now);
            repository.addToTally(t.comparisonId(), t.toolId(), shard, delta, -delta);
            return Outcome.CHANGED;
        }
        return Outcome.UNCHANGED;
    }

    private List<SideResult> results(Target target) {
        Map<CommunityFigures.Side, Community> figures = repository.tallies(List.of(target.comparisonId()));
        return List.of(
                new SideResult(target.nameA(), figures.getOrDefault(
                        new CommunityFigures.Side(target.comparisonId(), target.toolA()), Community.NONE)),
                new SideResult(target.nameB(), figures.getOrDefault(
                        new CommunityFigures.Side(target.comparisonId(), target.toolB()), Community.NONE)));
    }

    private View view(Outcome outcome, VoteToken t, Target target, List<SideResult> results) {
        boolean counted = outcome == Outcome.COUNTED || outcome == Outcome.CHANGED || outcome == Outcome.UNCHANGED;
        return new View(outcome, t, target == null ? null : target.name(t.toolId()),
                target == null ? null : target.title(),
                target == null ? null : site.comparisonUrl(target.slug()),
                results == null ? List.of() : results, counted ? tokens.signOther(t) : null, null);
    }

    /** The comparison the token names, if it still has the token's tool; from the cache when fresh. */
    private Target target(VoteToken t) {
        Instant now = clock.instant();
        Target cached = targets.get(t.comparisonId());
        if (cached == null || cached.loadedAt().plus(TARGET_TTL).isBefore(now)) {
            Optional<Comparison> found = catalog.findComparisonsWithoutReviews(List.of(t.comparisonId())).stream().findFirst();
            if (found.isEmpty()) {
                targets.remove(t.comparisonId());
                return null;
            }
            Comparison c = found.get();
            ComparisonSide a = c.a();
            ComparisonSide b = c.b();
            cached = new Target(c.id(), c.slug(), c.title(), a.tool().id(), a.tool().name(), b.tool().id(),
                    b.tool().name(), now);
            targets.put(c.id(), cached);
        }
        return cached.name(t.toolId()) == null ? null : cached;
    }

    private static boolean take(Map<String, Bucket> buckets, String key,
                                SubscribersProperties.RateLimit limit) {
        return buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(b -> b.capacity(limit.requests()).refillGreedy(limit.requests(), limit.per()))
                .build()).tryConsume(1);
    }

    /** Forgets the least recently used keys first, so a flood of keys cannot fill the heap. */
    private static <K, V> Map<K, V> lru(int max) {
        return Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        });
    }
}
