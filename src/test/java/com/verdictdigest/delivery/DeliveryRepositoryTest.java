package com.verdictdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.verdictdigest.delivery.DeliveryRepository.RowState;
import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The ledger on H2 and PostgreSQL: enqueue once, claim without overlap, leases, marks. */
class DeliveryRepositoryTest {

    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    /** Inserts subscribers straight into the table, as the subscribers feature would have. */
    static void subscribers(JdbcClient jdbc, int count, String status, Instant pausedUntil) {
        for (int i = 0; i < count; i++) {
            String tag = status + "-" + i + "-" + System.nanoTime();
            jdbc.sql("""
                    insert into subscriber (email, email_key, name, status, paused_until, created_at, updated_at)
                    values (:email, :email, :name, :status, :paused, :now, :now)""")
                    .param("email", tag + "@example.com").param("name", "Sub " + i).param("status", status)
                    .param("paused", com.verdictdigest.system.SqlTime.ts(pausedUntil))
                    .param("now", com.verdictdigest.system.SqlTime.ts(T0)).update();
        }
    }

    static DeliveryRepository repo(DataSource ds) {
        return new DeliveryRepository(JdbcClient.create(ds), ds, com.verdictdigest.support.Identity.tokens());
    }

    @StoreTest
    void startingASendQueuesConfirmedUnpausedSubscribersOnceOnly(TestDatabase db) {
        DataSource ds = db.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        subscribers(jdbc, 5, "confirmed", null);
        subscribers(jdbc, 2, "confirmed", T0.plusSeconds(86400));
        subscribers(jdbc, 1, "confirmed", T0.minusSeconds(60));
        subscribers(jdbc, 3, "pending", null);
        subscribers(jdbc, 1, "unsubscribed", null);
        DeliveryRepository repo = repo(ds);

        assertThat(repo.insertSend(7, T0)).isTrue();
        assertThat(repo.enqueueConfirmedSubscribers(7, T0)).isEqualTo(6);
        assertThat(repo.insertSend(7, T0.plusSeconds(5))).isFalse();
        assertThat(repo.enqueueConfirmedSubscribers(7, T0.plusSeconds(5))).isZero();

        assertThat(repo.findSend(7).orElseThrow()).satisfies(s -> {
            assertThat(s.state()).isEqualTo(SendState.RUNNING);
            assertThat(s.recipients()).isEqualTo(6);
            assertThat(s.startedAt()).isEqualTo(T0);
        });
        assertThat(repo.countByState(7)).containsEntry(RowState.QUEUED, 6L).containsEntry(RowState.SENT, 0L);
    }

    @StoreTest
    void aLocalTimeSendIsQueuedByZoneAndOnlyItsDueRowsAreClaimed(TestDatabase db) {
        DataSource ds = db.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        subscribers(jdbc, 3, "confirmed", null);
        subscribers(jdbc, 2, "confirmed", null);
        jdbc.sql("update subscriber set time_zone = 'Asia/Tokyo' where id in (select id from subscriber order by id fetch first 3 rows only)")
                .update();
        subscribers(jdbc, 1, "pending", null);
        DeliveryRepository repo = repo(ds);
        Instant tokyo = T0.plusSeconds(3600);
        Instant utc = T0.plusSeconds(7200);

        assertThat(repo.countRecipientsByZone(T0, "UTC")).containsExactly(Map.entry("Asia/Tokyo", 3L), Map.entry("UTC", 2L));
        assertThat(repo.insertLocalTimeSend(4, T0, "08:00")).isTrue();
        assertThat(repo.enqueueByZone(4, T0, List.of(new DeliveryRepository.ZoneDue("Asia/Tokyo", tokyo, 3),
                new DeliveryRepository.ZoneDue("UTC", utc, 2)), "UTC")).isEqualTo(5);
        assertThat(repo.findSend(4).orElseThrow().localTime()).isEqualTo("08:00");
        assertThat(repo.findZones(4)).extracting(DeliveryRepository.ZoneDue::timeZone).containsExactly("Asia/Tokyo", "UTC");

        assertThat(repo.claim(4, "early", 10, tokyo.minusSeconds(1), tokyo.plusSeconds(60))).as("nobody is due yet").isEmpty();
        assertThat(repo.nextDue(4)).contains(tokyo);
        List<ClaimedRow> first = repo.claim(4, "w1", 10, tokyo, tokyo.plusSeconds(60));
        assertThat(first).hasSize(3);
        assertThat(repo.nextDue(4)).as("the claimed rows' lease comes before the next wave").contains(tokyo.plusSeconds(60));
        first.forEach(r -> repo.markSent(r.ledgerId(), "w1", "250 ok", "<m@x>", tokyo));
        assertThat(repo.nextDue(4)).contains(utc);
        assertThat(repo.claim(4, "w1b", 10, utc.minusSeconds(1), utc.plusSeconds(60))).isEmpty();
        assertThat(repo.claim(4, "w2", 10, utc, utc.plusSeconds(60))).hasSize(2);
        assertThat(repo.countByWave(4)).extracting(DeliveryRepository.WaveCounts::dueAt).containsExactly(tokyo, utc);
        assertThat(repo.countByWave(4).get(0).byState()).containsEntry(RowState.SENT, 3L);
        assertThat(repo.countByWave(4).get(1).byState()).containsEntry(RowState.CLAIMED, 2L);

        assertThat(repo.markWentOut(4, tokyo)).isTrue();
        assertThat(repo.markWentOut(4, utc)).as("once per send").isFalse();
        assertThat(repo.findSend(4).orElseThrow().wentOutAt()).isEqualTo(tokyo);
        if (db == TestDatabase.H2) {
            // The claim reads the due index from the earliest due row; rows of later waves are never visited.
            String plan = jdbc.sql("explain " + DeliveryRepository.FIND_QUEUED_H2).param("issue", 4)
                    .param("now", com.verdictdigest.system.SqlTime.ts(utc)).param("batch", 10).query(String.class).single();
            assertThat(plan).containsIgnoringCase("DELIVERY_LEDGER_DUE_IDX");
        }
    }

    /** Issue 1's send with {@code readers} confirmed readers queued at T0. */
    private static DeliveryRepository queuedSend(DataSource ds, int readers) {
        subscribers(JdbcClient.create(ds), readers, "confirmed", null);
        DeliveryRepository repo = repo(ds);
        repo.insertSend(1, T0);
        repo.enqueueConfirmedSubscribers(1, T0);
        return repo;
    }

    @StoreTest
    void aClaimReturnsOnlyTheRowsItTookAndGivingItBackFreesThemWithoutAnIndexOnClaimIds(TestDatabase db) {
        DataSource ds = db.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        DeliveryRepository repo = queuedSend(ds, 4);
        String indexes = db == TestDatabase.H2
                ? "select lower(index_name) from information_schema.indexes where lower(table_name) = 'delivery_ledger'"
                : "select indexname from pg_indexes where tablename = 'delivery_ledger'";
        assertThat(jdbc.sql(indexes).query(String.class).list()).as("no index written per claimed row")
                .contains("delivery_ledger_due_idx").doesNotContain("delivery_ledger_claimed_by_idx");

        List<ClaimedRow> a = repo.claim(1, "a:1", 2, T0, T0.plusSeconds(60));
        List<ClaimedRow> b = repo.claim(1, "b:1", 5, T0, T0.plusSeconds(60));

        assertThat(a).hasSize(2);
        assertThat(b).extracting(ClaimedRow::ledgerId).hasSize(2).doesNotContainAnyElementsOf(a.stream().map(ClaimedRow::ledgerId).toList());
        assertThat(repo.release(1, "a:1")).isEqualTo(2);
        assertThat(repo.release(1, "a:1")).as("nothing of that claim is left").isZero();
        assertThat(repo.claim(1, "c:1", 5, T0, T0.plusSeconds(60))).extracting(ClaimedRow::ledgerId)
                .containsExactlyElementsOf(a.stream().map(ClaimedRow::ledgerId).toList());
        if (db == TestDatabase.H2) {
            String plan = jdbc.sql("explain " + DeliveryRepository.CLAIMED_ROWS).param("ids", List.of(1L, 2L))
                    .param("claim", "c:1").query(String.class).single();
            assertThat(plan).as("the claimed rows are read by key").containsIgnoringCase("PRIMARY_KEY")
                    .doesNotContainIgnoringCase("tableScan");
        }
    }

    @StoreTest
    void aClaimHoldsRowsUntilItsLeaseRunsOutThenAnotherSenderRetriesThem(TestDatabase db) {
        DeliveryRepository repo = queuedSend(db.fresh(), 5);

        List<ClaimedRow> first = repo.claim(1, "a:1", 3, T0, T0.plusSeconds(60));
        List<ClaimedRow> second = repo.claim(1, "b:1", 3, T0.plusSeconds(1), T0.plusSeconds(61));
        List<ClaimedRow> none = repo.claim(1, "b:2", 3, T0.plusSeconds(2), T0.plusSeconds(62));

        assertThat(first).hasSize(3).allSatisfy(r -> assertThat(r.stillConfirmed()).isTrue());
        assertThat(first.get(0).name()).startsWith("Sub ");
        assertThat(second).hasSize(2);
        assertThat(none).isEmpty();
        assertThat(repo.markSent(first.get(0).ledgerId(), "a:1", "250 ok", "<m@x>", T0.plusSeconds(3))).isTrue();
        assertThat(repo.markSent(first.get(0).ledgerId(), "a:1", "250 ok", "<m@x>", T0.plusSeconds(3))).isFalse();

        // "a" died: after its lease its two unmarked rows go to the next claimer, never the sent one.
        List<ClaimedRow> retaken = repo.claim(1, "c:1", 10, T0.plusSeconds(61), T0.plusSeconds(121));
        assertThat(retaken).extracting(ClaimedRow::ledgerId)
                .containsExactly(first.get(1).ledgerId(), first.get(2).ledgerId());
        assertThat(repo.markSent(first.get(1).ledgerId(), "a:1", "250 late", "<m@x>", T0.plusSeconds(62)))
                .as("the old claimer lost its claim").isFalse();
        assertThat(repo.nextDue(1)).contains(T0.plusSeconds(61));
    }

    @StoreTest
    void retriesWaitForTheirTimeAndReleasedRowsCountNoAttempt(TestDatabase db) {
        DataSource ds = db.fresh();
        subscribers(JdbcClient.create(ds), 2, "confirmed", null);
        DeliveryRepository repo = repo(ds);
        repo.insertSend(1, T0);
        repo.enqueueConfirmedSubscribers(1, T0);
        List<ClaimedRow> rows = repo.claim(1, "a:1", 10, T0, T0.plusSeconds(60));

        repo.markRetry(rows.get(0).ledgerId(), "a:1", "450 busy", "450 busy", T0.plusSeconds(30));
        assertThat(repo.release(1, "a:1")).isEqualTo(1);

        List<ClaimedRow> now = repo.claim(1, "b:1", 10, T0.plusSeconds(1), T0.plusSeconds(60));
        assertThat(now).extracting(ClaimedRow::ledgerId).containsExactly(rows.get(1).ledgerId());
        assertThat(now.get(0).attempts()).isZero();
        List<ClaimedRow> later = repo.claim(1, "b:2", 10, T0.plusSeconds(31), T0.plusSeconds(90));
        assertThat(later).extracting(ClaimedRow::ledgerId).containsExactly(rows.get(0).ledgerId());
        assertThat(later.get(0).attempts()).isEqualTo(1);
        assertThat(repo.markFailed(later.get(0).ledgerId(), "b:2", "550 5.1.1 no", "550 5.1.1 no")).isTrue();
        assertThat(repo.countByState(1)).containsEntry(RowState.FAILED, 1L).containsEntry(RowState.CLAIMED, 1L);
    }

    @StoreTest
    void pausingAndCancellingMoveOnlyFromTheRightStates(TestDatabase db) {
        DataSource ds = db.fresh();
        subscribers(JdbcClient.create(ds), 3, "confirmed", null);
        DeliveryRepository repo = repo(ds);
        repo.insertSend(1, T0);
        repo.enqueueConfirmedSubscribers(1, T0);

        assertThat(repo.changeSendState(1, List.of(SendState.RUNNING), SendState.PAUSED, "by editor", T0)).isTrue();
        assertThat(repo.changeSendState(1, List.of(SendState.RUNNING), SendState.PAUSED, "again", T0)).isFalse();
        assertThat(repo.findRunningSends()).isEmpty();
        assertThat(repo.changeSendState(1, List.of(SendState.RUNNING, SendState.PAUSED), SendState.CANCELLED, null, T0)).isTrue();
        assertThat(repo.cancelOpenRows(1, "cancelled")).isEqualTo(3);
        assertThat(repo.findSend(1).orElseThrow().finishedAt()).isEqualTo(T0);
        assertThat(repo.claim(1, "x", 10, T0, T0.plusSeconds(9))).isEmpty();
    }

    @StoreTest
    void twoSendersClaimingConcurrentlyNeverShareARow(TestDatabase db) throws Exception {
        DataSource ds = db.fresh();
        subscribers(JdbcClient.create(ds), 400, "confirmed", null);
        DeliveryRepository repo = repo(ds);
        repo.insertSend(1, T0);
        repo.enqueueConfirmedSubscribers(1, T0);

        CyclicBarrier start = new CyclicBarrier(2);
        Callable<List<Long>> sender = () -> {
            String me = Thread.currentThread().getName();
            List<Long> mine = new ArrayList<>();
            start.await();
            for (int batch = 0; ; batch++) {
                List<ClaimedRow> rows = repo.claim(1, me + ":" + batch, 7, T0, T0.plusSeconds(600));
                if (rows.isEmpty()) {
                    return mine;
                }
                rows.forEach(r -> mine.add(r.ledgerId()));
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<Long>> a = pool.submit(sender);
            Future<List<Long>> b = pool.submit(sender);
            List<Long> all = new ArrayList<>(a.get(60, TimeUnit.SECONDS));
            all.addAll(b.get(60, TimeUnit.SECONDS));
            Set<Long> distinct = new HashSet<>(all);

            assertThat(all).hasSize(400);
            assertThat(distinct).hasSize(400);
        } finally {
            pool.shutdownNow();
        }
        Map<RowState, Long> counts = repo.countByState(1);
        assertThat(counts).containsEntry(RowState.CLAIMED, 400L);
    }
}
