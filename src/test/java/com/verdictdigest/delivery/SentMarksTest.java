package com.verdictdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.verdictdigest.delivery.DeliveryRepository.RowState;
import com.verdictdigest.delivery.DeliveryRepository.SentMark;
import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.verdictdigest.delivery.DeliveryRepositoryTest.T0;

/** Group commit of "sent" marks: every sender learns about its own row, whoever wrote it. */
class SentMarksTest {

    @StoreTest
    void sendersMarkingTogetherEachGetTheirOwnAnswer(TestDatabase db) throws Exception {
        DataSource ds = db.fresh();
        DeliveryRepositoryTest.subscribers(JdbcClient.create(ds), 40, "confirmed", null);
        DeliveryRepository repo = DeliveryRepositoryTest.repo(ds);
        repo.insertSend(1, T0);
        repo.enqueueConfirmedSubscribers(1, T0);
        List<ClaimedRow> held = repo.claim(1, "live", 30, T0, T0.plusSeconds(60));
        List<ClaimedRow> lost = repo.claim(1, "dead", 10, T0, T0.plusSeconds(60));
        JdbcClient.create(ds).sql("update delivery_ledger set claimed_by = 'thief' where claimed_by = 'dead'").update();

        SentMarks marks = new SentMarks(repo);
        List<ClaimedRow> all = new ArrayList<>(held);
        all.addAll(lost);
        CyclicBarrier start = new CyclicBarrier(8);
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<List<Boolean>>> answers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int first = t;
            answers.add(senders.submit(() -> {
                start.await();
                List<Boolean> mine = new ArrayList<>();
                for (int i = first; i < all.size(); i += 8) {
                    ClaimedRow r = all.get(i);
                    String claim = i < held.size() ? "live" : "dead";
                    mine.add(marks.markSent(new SentMark(r.ledgerId(), claim, "250 ok " + r.ledgerId(), "<m" + i + "@x>", T0)));
                }
                return mine;
            }));
        }
        List<Boolean> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            List<Boolean> mine = answers.get(t).get();
            for (int k = 0, i = t; i < all.size(); i += 8, k++) {
                assertThat(mine.get(k)).as("row %d", i).isEqualTo(i < held.size());
                results.add(mine.get(k));
            }
        }
        senders.shutdown();

        assertThat(results).hasSize(40);
        assertThat(repo.countByState(1)).containsEntry(RowState.SENT, 30L).containsEntry(RowState.CLAIMED, 10L);
        assertThat(JdbcClient.create(ds).sql("select count(*) from delivery_ledger where state = 'sent' and smtp_reply = '250 ok ' || id")
                .query(Long.class).single()).as("each row has its own reply").isEqualTo(30L);
    }

    @Test
    void aFailedWriteReachesTheSenderWhoseMarkItCarried() {
        DataSource ds = TestDatabase.H2.fresh();
        DeliveryRepository repo = DeliveryRepositoryTest.repo(ds);
        SentMarks marks = new SentMarks(repo);
        JdbcClient.create(ds).sql("drop table delivery_ledger").update();

        assertThatThrownBy(() -> marks.markSent(new SentMark(1, "c", "250", "<m@x>", T0)))
                .isInstanceOf(org.springframework.dao.DataAccessException.class).hasMessageContaining("delivery_ledger");
    }
}
