package com.verdictdigest.delivery;

import static com.verdictdigest.delivery.DeliveryRepositoryTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.verdictdigest.delivery.DeliveryRepository.RowState;
import com.verdictdigest.delivery.DeliveryRepository.SentMark;
import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.DatabaseMigrations;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sent-mark journal beside an H2 file database: what a run appended reaches the ledger when
 * it is flushed, or, if its process died first, when the next run recovers it; a live run's
 * journal is left alone.
 */
class SentMarkJournalTest {

    @TempDir
    Path dir;

    private DataSource h2File() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("verdict") + ";WRITE_DELAY=0");
        ds.setUser("sa");
        return DatabaseMigrations.migrate(ds);
    }

    private static DeliveryRepository ledgerOf(DataSource ds, int subscribers) {
        DeliveryRepositoryTest.subscribers(JdbcClient.create(ds), subscribers, "confirmed", null);
        DeliveryRepository repo = DeliveryRepositoryTest.repo(ds);
        repo.insertSend(1, T0);
        repo.enqueueConfirmedSubscribers(1, T0);
        return repo;
    }

    /** A run's marks through a journal of its own beside the test's database. */
    private SentMarks journaled(DeliveryRepository repo) {
        return new SentMarks(repo, SentMarkJournal.open(SentMarkJournal.dirOf(dir.resolve("verdict"))));
    }

    private static SentMark mark(ClaimedRow row, String claim) {
        return new SentMark(row.ledgerId(), claim, "250 2.0.0 Ok: queued as Q" + row.ledgerId(), "<m" + row.ledgerId() + "@x>", T0);
    }

    private List<Path> journalFiles() throws Exception {
        Path journal = SentMarkJournal.dirOf(dir.resolve("verdict"));
        if (!Files.isDirectory(journal)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(journal)) {
            return files.toList();
        }
    }

    @Test
    void theJournalLivesBesideTheH2FileAndNotInMemoryOrOnPostgres() {
        DataSource file = h2File();
        assertThat(DeliveryRepositoryTest.repo(file).h2DatabasePath()).contains(dir.resolve("verdict"));
        assertThat(SentMarkJournal.dirOf(dir.resolve("verdict"))).isEqualTo(dir.resolve("verdict.marks"));
        assertThat(DeliveryRepositoryTest.repo(TestDatabase.H2.fresh()).h2DatabasePath()).isEmpty();
    }

    @Test
    void journaledMarksReachTheLedgerAtAFlushAndTheirFilesGoAtTheEnd() throws Exception {
        DataSource ds = h2File();
        DeliveryRepository repo = ledgerOf(ds, 10);
        List<ClaimedRow> rows = repo.claim(1, "c1", 10, T0, T0.plusSeconds(60));
        SentMarks marks = journaled(repo);
        assertThat(marks.journalForTest()).as("journaled").isNotNull();

        for (ClaimedRow r : rows.subList(0, 6)) {
            assertThat(marks.markSent(mark(r, "c1"))).isTrue();
        }
        assertThat(repo.countByState(1)).as("journaled, not yet in the ledger").containsEntry(RowState.CLAIMED, 10L);
        marks.flush();
        assertThat(repo.countByState(1)).containsEntry(RowState.SENT, 6L).containsEntry(RowState.CLAIMED, 4L);
        assertThat(JdbcClient.create(ds).sql("select count(*) from delivery_ledger where state = 'sent' and smtp_reply = "
                + "'250 2.0.0 Ok: queued as Q' || id and message_id = '<m' || id || '@x>'").query(Long.class).single()).isEqualTo(6L);

        for (ClaimedRow r : rows.subList(6, 10)) {
            marks.markSent(mark(r, "c1"));
        }
        marks.close();
        assertThat(repo.countByState(1)).containsEntry(RowState.SENT, 10L);
        assertThat(journalFiles()).as("a run that wrote everything leaves no file").isEmpty();
    }

    @Test
    void theMarksOfARunThatDiedAreWrittenByTheNextAndALiveRunsAreLeftAlone() throws Exception {
        DataSource ds = h2File();
        DeliveryRepository repo = ledgerOf(ds, 12);
        Path journalDir = SentMarkJournal.dirOf(dir.resolve("verdict"));
        List<ClaimedRow> deadRows = repo.claim(1, "dead", 5, T0, T0.plusSeconds(60));
        List<ClaimedRow> liveRows = repo.claim(1, "live", 5, T0, T0.plusSeconds(60));

        SentMarks dead = new SentMarks(repo, SentMarkJournal.open(journalDir));
        SentMarks live = new SentMarks(repo, SentMarkJournal.open(journalDir));
        deadRows.forEach(r -> dead.markSent(mark(r, "dead")));
        liveRows.forEach(r -> live.markSent(mark(r, "live")));

        assertThat(SentMarkJournal.recover(journalDir, repo)).as("both runs hold their locks").isZero();
        // A run whose process died: its lock is gone, its segments are still there (nothing flushed).
        dead.journalForTest().close(false);

        assertThat(SentMarkJournal.recover(journalDir, repo)).isEqualTo(5);
        assertThat(repo.countByState(1)).containsEntry(RowState.SENT, 5L).containsEntry(RowState.CLAIMED, 5L)
                .containsEntry(RowState.QUEUED, 2L);
        assertThat(JdbcClient.create(ds).sql("select count(*) from delivery_ledger where state = 'sent' and claimed_by = 'dead'")
                .query(Long.class).single()).isEqualTo(5L);
        assertThat(SentMarkJournal.recover(journalDir, repo)).as("recovered once, then gone").isZero();

        live.close();
        assertThat(repo.countByState(1)).containsEntry(RowState.SENT, 10L);
        assertThat(journalFiles()).isEmpty();
    }

    @Test
    void aFailedFlushKeepsTheMarksInTheJournalAndTheNextOneWritesThem() throws Exception {
        DataSource ds = h2File();
        DeliveryRepository repo = ledgerOf(ds, 4);
        List<ClaimedRow> rows = repo.claim(1, "c", 4, T0, T0.plusSeconds(60));
        SentMarks marks = journaled(repo);
        rows.forEach(r -> marks.markSent(mark(r, "c")));
        JdbcClient jdbc = JdbcClient.create(ds);
        jdbc.sql("alter table delivery_ledger rename to delivery_ledger_away").update();

        assertThatThrownBy(marks::flush).isInstanceOf(org.springframework.dao.DataAccessException.class);
        assertThat(journalFiles()).as("lock and segment kept").hasSizeGreaterThanOrEqualTo(2);

        jdbc.sql("alter table delivery_ledger_away rename to delivery_ledger").update();
        marks.flush();
        assertThat(repo.countByState(1)).containsEntry(RowState.SENT, 4L);
        marks.close();
        assertThat(journalFiles()).isEmpty();
    }

    @Test
    void aReaderErasedBeforeTheJournalIsWrittenGetsNoReplyOrMessageIdBack() throws Exception {
        DataSource ds = h2File();
        DeliveryRepository repo = ledgerOf(ds, 2);
        List<ClaimedRow> rows = repo.claim(1, "c", 2, T0, T0.plusSeconds(60));
        SentMarks marks = journaled(repo);
        rows.forEach(r -> marks.markSent(mark(r, "c")));
        ClaimedRow erased = rows.get(0);
        repo.scrubSubscriber(erased.subscriberId());

        marks.close();

        JdbcClient jdbc = JdbcClient.create(ds);
        assertThat(jdbc.sql("select state || '/' || coalesce(smtp_reply, '-') || '/' || coalesce(message_id, '-') || '/' || email"
                + " from delivery_ledger where id = :id").param("id", erased.ledgerId()).query(String.class).single())
                .isEqualTo("sent/-/-/");
        assertThat(jdbc.sql("select message_id from delivery_ledger where id = :id").param("id", rows.get(1).ledgerId())
                .query(String.class).single()).isEqualTo("<m" + rows.get(1).ledgerId() + "@x>");
    }

    @Test
    void aLineCutByTheCrashIsLeftOutAndForeignLinesAreSkipped() throws Exception {
        Path segment = dir.resolve("x.1.marks");
        SentMark kept = new SentMark(7, "claim-7", "250 ok\tqueued\r\nas X", "<a@b>", T0);
        String lines = SentMarkJournal.format(kept)
                + "not a mark\n"
                + "8\t\t1\t\t\n"
                + SentMarkJournal.format(new SentMark(9, "claim-9", null, null, T0)).replace("\n", "");
        Files.writeString(segment, lines, StandardCharsets.UTF_8);

        List<SentMark> read = SentMarkJournal.read(segment);

        assertThat(read).containsExactly(new SentMark(7, "claim-7", "250 ok queued  as X", "<a@b>", T0));
    }
}
