package com.verdictdigest.votes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.CatalogRepository;
import com.verdictdigest.catalog.CatalogTransfer;
import com.verdictdigest.catalog.Community;
import com.verdictdigest.catalog.CommunityFigures;
import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.digest.DigestFixtures;
import com.verdictdigest.subscribers.Erasure;
import com.verdictdigest.subscribers.SubscriberErased;
import com.verdictdigest.subscribers.SubscriberRepository;
import com.verdictdigest.subscribers.Suppressions;
import com.verdictdigest.support.Config;
import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.votes.VoteService.Outcome;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * What a vote writes, on every store: concurrent POSTs of one reader's links leave one current
 * vote per tool and counts that agree with the votes; an erased reader's votes stay counted but
 * name nobody and no longer vote; an import sets a side's figures; export, import and export
 * again give the same bytes, figures included.
 */
class VoteRecordingTest {

    static final Instant NOW = Instant.parse("2026-11-16T09:00:00Z");

    /** A migrated store with the fixture catalog, {@code readers} confirmed readers (ids 1..n) and the service. */
    static final class World {
        final DataSource ds;
        final JdbcClient jdbc;
        final CatalogRepository catalog;
        final VoteRepository repository;
        final VoteTokens tokens;
        final VoteService votes;
        final CatalogTransfer transfer;
        final List<Comparison> comparisons;

        World(TestDatabase db, int readers) {
            this(db, readers, Config.bind(VoteProperties.class, "per-token=1000/1m", "per-ip=100000/1m"));
        }

        World(TestDatabase db, int readers, VoteProperties properties) {
            ds = db.fresh();
            jdbc = JdbcClient.create(ds);
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            catalog = new CatalogRepository(jdbc);
            repository = new VoteRepository(jdbc);
            tokens = VoteFixtures.tokens(clock);
            votes = new VoteService(tokens, repository, catalog,
                    properties, DigestFixtures.site(), clock,
                    new JdbcTransactionManager(ds));
            CatalogImporter importer = new CatalogImporter(catalog, clock);
            transfer = new CatalogTransfer(importer, catalog, new VoteTally(repository));
            for (ComparisonInput in : DigestFixtures.inputs()) {
                importer.store(in, null);
            }
            List<Comparison> newestFirst = new ArrayList<>(catalog.findComparisonsNewestFirst(10));
            java.util.Collections.reverse(newestFirst);
            comparisons = newestFirst;
            for (int i = 1; i <= readers; i++) {
                jdbc.sql("""
                        insert into subscriber (email, email_key, status, created_at, updated_at)
                        values (:e, :e, 'confirmed', current_timestamp, current_timestamp)""")
                        .param("e", "r" + i + "@example.org").update();
            }
        }

        long subscriber(int i) {
            return jdbc.sql("select id from subscriber where email_key = :e").param("e", "r" + i + "@example.org")
                    .query(Long.class).single();
        }

        /** Reader i's [ship, skip] tokens for side A of comparison c. */
        String[] links(int i, Comparison c) {
            return tokens.sign(subscriber(i), 1, c.id(), c.a().tool().id(), VoteTokens.expiryMinute(NOW.plusSeconds(86_400)));
        }

        Community figures(Comparison c) {
            return CommunityFigures.get(repository.tallies(List.of(c.id())), c, c.a());
        }

        long count(String sql) {
            return jdbc.sql(sql).query(Long.class).single();
        }
    }

    @StoreTest
    void concurrentPostsOfOneReadersLinksLeaveOneVoteAndCountsThatAgree(TestDatabase db) throws Exception {
        int readers = 24;
        World w = new World(db, readers);
        Comparison c = w.comparisons.get(0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        for (int i = 1; i <= readers; i++) {
            String[] links = w.links(i, c);
            // each reader double-clicks ship, and a third of them also press skip at the same moment
            outcomes.add(pool.submit(() -> w.votes.cast(links[0], "10.0.0.1").outcome()));
            outcomes.add(pool.submit(() -> w.votes.cast(links[0], "10.0.0.1").outcome()));
            if (i % 3 == 0) {
                outcomes.add(pool.submit(() -> w.votes.cast(links[1], "10.0.0.1").outcome()));
            }
        }
        List<Outcome> results = new ArrayList<>();
        for (Future<Outcome> f : outcomes) {
            results.add(f.get());
        }
        assertThat(results).allMatch(o -> o == Outcome.COUNTED || o == Outcome.CHANGED || o == Outcome.UNCHANGED);
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        long ship = w.count("select count(*) from vote where choice = 'ship'");
        long skip = w.count("select count(*) from vote where choice = 'skip'");
        assertThat(ship + skip).isEqualTo(readers);
        assertThat(w.figures(c)).isEqualTo(new Community((int) ship, (int) skip));
        assertThat(skip).isLessThanOrEqualTo(readers / 3);
        assertThat(results.stream().filter(o -> o == Outcome.COUNTED).count()).isEqualTo(readers);
        assertThat(w.count("select count(*) from vote_history")).isEqualTo(readers
                + results.stream().filter(o -> o == Outcome.CHANGED).count());
    }

    @StoreTest
    void anErasedReadersVotesStayCountedButNameNobodyAndTheirLinksStopWorking(TestDatabase db) {
        World w = new World(db, 2);
        Comparison c = w.comparisons.get(1);
        long erased = w.subscriber(1);
        assertThat(w.votes.cast(w.links(1, c)[1], "ip").outcome()).isEqualTo(Outcome.COUNTED);
        assertThat(w.votes.cast(w.links(1, c)[0], "ip").outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(w.votes.cast(w.links(2, c)[1], "ip").outcome()).isEqualTo(Outcome.COUNTED);
        String[] links = w.links(1, c);

        // subscribers' erasure, its event delivered to votes in its transaction as the application does
        VoteErasure voteErasure = new VoteErasure(w.repository);
        SubscriberRepository subscribers = new SubscriberRepository(w.ds, com.verdictdigest.support.Identity.tokens());
        java.nio.file.Path noFiles = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "no-such-dir-" + System.nanoTime());
        Erasure erasure = new Erasure(subscribers, new Suppressions(subscribers, Clock.fixed(NOW, ZoneOffset.UTC)),
                event -> voteErasure.on((SubscriberErased) event), new com.verdictdigest.subscribers.PersonalDataFiles(noFiles, noFiles),
                new JdbcTransactionManager(w.ds));
        assertThat(erasure.erase(erased, "admin")).isTrue();

        assertThat(w.figures(c)).isEqualTo(new Community(1, 1));
        assertThat(w.count("select count(*) from vote where subscriber_id is null")).isEqualTo(1);
        assertThat(w.count("select count(*) from vote_history where subscriber_id is null")).isEqualTo(2);
        assertThat(w.count("select count(*) from vote_history where subscriber_id = " + erased)).isZero();
        assertThat(w.votes.cast(links[1], "ip").outcome()).isEqualTo(Outcome.NOT_SUBSCRIBED);
        assertThat(w.votes.look(links[1]).outcome()).isEqualTo(Outcome.NOT_SUBSCRIBED);
        assertThat(w.figures(c)).isEqualTo(new Community(1, 1));
    }

    @Test
    void oneClientGetsItsShareOfVotesAndAnIpv6ClientIsOneClientForItsWholeSlash64() {
        World w = new World(TestDatabase.H2, 6, Config.bind(VoteProperties.class, "per-token=1000/1h", "per-ip=2/1h"));
        Comparison c = w.comparisons.get(0);

        assertThat(w.votes.cast(w.links(1, c)[0], "2001:db8:1:2::1").outcome()).isEqualTo(Outcome.COUNTED);
        assertThat(w.votes.cast(w.links(2, c)[0], "2001:db8:1:2:ffff::9").outcome()).isEqualTo(Outcome.COUNTED);
        assertThat(w.votes.cast(w.links(3, c)[0], "[2001:db8:1:2:abcd::1]").outcome()).isEqualTo(Outcome.LIMITED);
        assertThat(w.votes.cast(w.links(3, c)[0], "2001:db8:1:3::1").outcome()).isEqualTo(Outcome.COUNTED);
        assertThat(w.votes.cast(w.links(4, c)[0], "192.0.2.7").outcome()).isEqualTo(Outcome.COUNTED);
        assertThat(w.votes.cast(w.links(5, c)[0], "192.0.2.7").outcome()).isEqualTo(Outcome.COUNTED);
        assertThat(w.votes.cast(w.links(6, c)[0], "192.0.2.7").outcome()).isEqualTo(Outcome.LIMITED);
        assertThat(w.votes.cast(w.links(6, c)[0], "192.0.2.8").outcome()).isEqualTo(Outcome.COUNTED);

        assertThat(w.figures(c)).isEqualTo(new Community(6, 0));
    }

    @StoreTest
    void aSuppressedReaderCannotVote(TestDatabase db) {
        World w = new World(db, 1);
        w.jdbc.sql("update subscriber set status = 'suppressed'").update();

        VoteService.View v = w.votes.cast(w.links(1, w.comparisons.get(0))[0], "ip");

        assertThat(v.outcome()).isEqualTo(Outcome.NOT_SUBSCRIBED);
        assertThat(w.count("select count(*) from vote_history")).isZero();
    }

    @StoreTest
    void exportImportExportKeepsTheReadersFiguresByteForByte(TestDatabase db) {
        World w = new World(db, 3);
        Comparison c = w.comparisons.get(2);
        w.votes.cast(w.links(1, c)[0], "ip");
        w.votes.cast(w.links(2, c)[0], "ip");
        w.votes.cast(w.links(3, c)[1], "ip");
        String first = w.transfer.exportAll().json();
        assertThat(first.replaceAll("\\s+", " ")).contains("\"community\": { \"ship\": 2, \"skip\": 1, \"shipPct\": 67 }");

        World empty = new World(db, 0);
        empty.jdbc.sql("delete from comparison_side").update();
        empty.jdbc.sql("delete from review").update();
        empty.jdbc.sql("delete from comparison").update();
        empty.jdbc.sql("delete from tool").update();
        CatalogTransfer.Report report = empty.transfer.importDocument(first.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(report.errors()).isEmpty();
        String second = empty.transfer.exportAll().json();

        assertThat(second).isEqualTo(first);
        Comparison imported = empty.catalog.findComparisonBySlug(c.slug()).orElseThrow();
        Map<CommunityFigures.Side, Community> figures = empty.repository.tallies(List.of(imported.id()));
        assertThat(CommunityFigures.get(figures, imported, imported.a())).isEqualTo(new Community(2, 1));
    }

    @StoreTest
    void votesAfterAnImportAddToTheImportedFigures(TestDatabase db) {
        World w = new World(db, 2);
        Comparison c = w.comparisons.get(0);
        new VoteTally(w.repository).restore(CommunityFigures.Side.of(c, c.a()), new Community(10, 5));

        w.votes.cast(w.links(1, c)[1], "ip");
        w.votes.cast(w.links(1, c)[0], "ip");
        w.votes.cast(w.links(2, c)[1], "ip");

        assertThat(w.figures(c)).isEqualTo(new Community(11, 6));
    }
}
