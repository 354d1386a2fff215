package com.verdictdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.delivery.DeliveryRepository.RowState;
import com.verdictdigest.mail.DkimKeys;
import com.verdictdigest.mail.DkimVerifier;
import com.verdictdigest.mail.ListMessageIds;
import com.verdictdigest.support.Identity;
import com.verdictdigest.support.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The send engine end to end against real SMTP servers: GreenMail, and a scripted one for faults. */
class SendEngineTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    /** {@code count} confirmed readers, PREFIX0@example.com, PREFIX1@example.com, … */
    static void subscribers(JdbcClient jdbc, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            subscriber(jdbc, prefix + i + "@example.com", null);
        }
    }

    static void subscriber(JdbcClient jdbc, String email, String name) {
        jdbc.sql("""
                insert into subscriber (email, email_key, name, status, created_at, updated_at)
                values (:email, :key, :name, 'confirmed', current_timestamp, current_timestamp)""")
                .param("email", email).param("key", email.toLowerCase()).param("name", name).update();
    }

    static Map<String, String> ledger(JdbcClient jdbc, long issue) {
        return jdbc.sql("select email, state from delivery_ledger where issue_number = :i").param("i", issue)
                .query((rs, n) -> Map.entry(rs.getString("email"), rs.getString("state"))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void everyConfirmedSubscriberGetsOneSignedMailAndStartingAgainSendsNothing(@TempDir Path dir) throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        for (int i = 0; i < 30; i++) {
            subscriber(jdbc, "reader" + i + "@example.com", "Reader " + i);
        }
        KeyPair pair = DkimKeys.generate();
        Path key = dir.resolve("k.pem");
        Files.writeString(key, DkimKeys.privatePem(pair));
        Engines e = new Engines(ds, Engines.props(3, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 0,
                new com.verdictdigest.mail.DkimProperties(true, "s1", key, null)), greenMail.getSmtp().getPort(), Engines.content(20_000));

        SendService.Started started = e.service.start(12);
        SendState end = e.engine.run(12, null);

        assertThat(started.created()).isTrue();
        assertThat(started.enqueued()).isEqualTo(30);
        assertThat(end).isEqualTo(SendState.DONE);
        assertThat(e.events).containsExactly(new SendStarted(12, 30), new SendWentOut(12), new SendFinished(12, 30, 0, 0));
        MimeMessage[] got = greenMail.getReceivedMessages();
        assertThat(got).hasSize(30);
        assertThat(Arrays.stream(got).map(m -> header(m, "Message-ID")).collect(Collectors.toSet())).hasSize(30);
        MimeMessage one = Arrays.stream(got).filter(m -> header(m, "To").contains("reader7@")).findFirst().orElseThrow();
        var ids = Identity.messageIds(Engines.SENDER);
        assertThat(header(one, "Message-ID")).isEqualTo(ids.messageId(12, 8, ids.mac(12, 8)))
                .matches("<digest-12-8-[0-9a-f]{32}@verdicts\\.example\\.com>");
        assertThat(ids.fromMessageId(header(one, "Message-ID"))).contains(new ListMessageIds.Copy(12, 8));
        assertThat(header(one, "Return-Path")).isEqualTo("<bounces+c-8-" + ids.mac(12, 8) + "@verdicts.example.com>");
        assertThat(ids.fromVerpToken("c-8-" + ids.mac(12, 8))).contains(new ListMessageIds.Copy(12, 8));
        assertThat(header(one, "List-Unsubscribe")).contains("/unsubscribe/" + Identity.tokens().forSubscriber(8) + ">");
        assertThat(jdbc.sql("select message_id from delivery_ledger where subscriber_id = 8").query(String.class).single())
                .isEqualTo(header(one, "Message-ID"));
        assertThat(header(one, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(header(one, "List-Id")).isEqualTo("\"Verdict Digest\" <verdict-digest.verdicts.example.com>");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        one.writeTo(raw);
        DkimVerifier.Result dkim = DkimVerifier.verify(raw.toByteArray(), pair.getPublic());
        assertThat(dkim.bodyHashMatches()).isTrue();
        assertThat(dkim.signatureValid()).isTrue();

        assertThat(ledger(jdbc, 12)).hasSize(30).allSatisfy((email, state) -> assertThat(state).isEqualTo("sent"));
        assertThat(jdbc.sql("select smtp_reply from delivery_ledger where email = 'reader7@example.com'")
                .query(String.class).single()).startsWith("250");
        assertThat(e.meters.get("verdict.delivery.sent").counter().count()).isEqualTo(30);

        SendService.Started again = e.service.start(12);
        assertThat(again.created()).isFalse();
        assertThat(again.enqueued()).isZero();
        assertThat(e.engine.run(12, null)).isEqualTo(SendState.DONE);
        assertThat(greenMail.getReceivedMessages()).hasSize(30);
        SendProgress progress = e.service.progress(12).orElseThrow();
        assertThat(progress.sent()).isEqualTo(30);
        assertThat(progress.remaining()).isZero();
    }

    @ParameterizedTest(name = "pipelining={0}")
    @ValueSource(booleans = {false, true})
    void softRepliesAreRetriedHardBouncesSuppressedDropsReconnected(boolean pipelining) throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        for (String local : List.of("ok1", "ok2", "soft1", "hard1", "policy1", "drop1", "flaky1", "ok3")) {
            subscriber(jdbc, local + "@example.com", null);
        }
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0, pipelining)) {
            Engines e = new Engines(ds, Engines.props(2, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 0, null),
                    smtp.port(), Engines.content(2_000));
            e.service.start(3);

            assertThat(e.engine.run(3, null)).isEqualTo(SendState.DONE);

            assertThat(ledger(jdbc, 3)).containsOnly(
                    Map.entry("ok1@example.com", "sent"), Map.entry("ok2@example.com", "sent"),
                    Map.entry("ok3@example.com", "sent"), Map.entry("flaky1@example.com", "sent"),
                    Map.entry("soft1@example.com", "failed"), Map.entry("hard1@example.com", "failed"),
                    Map.entry("policy1@example.com", "failed"), Map.entry("drop1@example.com", "failed"));
            assertThat(smtp.received()).extracting(ScriptedSmtpServer.Received::rcpt).containsExactlyInAnyOrder(
                    "ok1@example.com", "ok2@example.com", "ok3@example.com", "flaky1@example.com");
            assertThat(smtp.triesFor("soft1@example.com")).isEqualTo(3);
            assertThat(smtp.triesFor("drop1@example.com")).isEqualTo(3);
            assertThat(smtp.triesFor("flaky1@example.com")).isEqualTo(2);
            assertThat(smtp.triesFor("hard1@example.com")).isEqualTo(1);
            assertThat(smtp.triesFor("policy1@example.com")).isEqualTo(1);
            assertThat(smtp.received()).allSatisfy(r -> assertThat(r.mailFrom()).matches("bounces\\+3-[0-9a-z]+-[0-9a-f]{32}@verdicts\\.example\\.com"));

            assertThat(jdbc.sql("select smtp_reply from delivery_ledger where email = 'soft1@example.com'")
                    .query(String.class).single()).startsWith("450 4.2.0");
            assertThat(jdbc.sql("select status from subscriber where email = 'hard1@example.com'")
                    .query(String.class).single()).isEqualTo("bounced");
            assertThat(jdbc.sql("select status from subscriber where email = 'policy1@example.com'")
                    .query(String.class).single()).as("a 5.7.1 block is our problem, not the address's").isEqualTo("confirmed");
            assertThat(jdbc.sql("select count(*) from suppression").query(Long.class).single()).isEqualTo(1);
            assertThat(e.meters.get("verdict.delivery.hard.bounces").counter().count()).isEqualTo(1);
        }
    }

    /**
     * Over a server that pipelines, each copy's envelope follows the previous copy's end of data
     * (one round trip a copy): the server finds the next MAIL waiting when a message ends, for all
     * but the last copy of each claim, and every reader still gets exactly one copy.
     */
    @Test
    void theNextCopysEnvelopeFollowsTheEndOfDataOnAPipeliningServer() throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        subscribers(jdbc, "ahead", 40);
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0, true)) {
            // One connection, claims of 10: 4 claims, each with 9 copies followed by another.
            Engines e = new Engines(ds, Engines.props(1, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 0, null),
                    smtp.port(), Engines.content(2_000));
            e.service.start(5);

            assertThat(e.engine.run(5, null)).isEqualTo(SendState.DONE);

            assertThat(smtp.received()).extracting(ScriptedSmtpServer.Received::rcpt).doesNotHaveDuplicates().hasSize(40);
            assertThat(smtp.writtenAhead()).as("ends of data with the next envelope behind them").isEqualTo(36);
            assertThat(smtp.connections()).as("no envelope was abandoned").isEqualTo(1);
        }
    }

    /**
     * While the server reads a copy, the engine builds (renders, signs) the copy after the next
     * one, so building overlaps the server's round trip: the server holds its reply to each end of
     * data until the copy two further on has been rendered, and never waits in vain.
     */
    @Test
    void theCopyAfterNextIsBuiltWhileTheServerReadsACopy() throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        subscribers(jdbc, "overlap", 10);
        AtomicInteger rendered = new AtomicInteger();
        IssueContent content = Engines.content(2_000);
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0, true)) {
            // Copy k's reply waits for copy k + 2's render (the last two: for the tenth).
            smtp.holdEndOfDataRepliesUntil(received -> rendered.get() >= Math.min(received + 2, 10));
            Engines e = new Engines(ds, Engines.props(1, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 0, null),
                    smtp.port(), (issue, row) -> {
                        rendered.incrementAndGet();
                        return content.render(issue, row);
                    });
            e.service.start(8);

            assertThat(e.engine.run(8, null)).isEqualTo(SendState.DONE);

            assertThat(smtp.received()).extracting(ScriptedSmtpServer.Received::rcpt).doesNotHaveDuplicates().hasSize(10);
            assertThat(smtp.repliesHeldInVain()).as("replies held for a copy the engine did not build meanwhile").isZero();
            assertThat(smtp.writtenAhead()).as("ends of data with the next envelope behind them").isEqualTo(9);
        }
    }

    /** An H2 file database as the product's (WRITE_DELAY=0): sent marks go through the journal. */
    private static DataSource h2File(Path dir) {
        org.h2.jdbcx.JdbcDataSource file = new org.h2.jdbcx.JdbcDataSource();
        file.setURL("jdbc:h2:file:" + dir.resolve("verdict") + ";WRITE_DELAY=0");
        file.setUser("sa");
        return com.verdictdigest.system.DatabaseMigrations.migrate(file);
    }

    /**
     * On an H2 file database the marks go through the journal: every reader gets one copy, the
     * ledger ends with every row sent, and the run leaves no journal file behind.
     */
    @Test
    void onAnH2FileTheJournaledMarksAllReachTheLedgerAndTheJournalIsEmptyAfterwards(@TempDir Path dir) throws Exception {
        DataSource ds = h2File(dir);
        JdbcClient jdbc = JdbcClient.create(ds);
        subscribers(jdbc, "journal", 60);
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0, true)) {
            Engines e = new Engines(ds, Engines.props(3, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 0, null),
                    smtp.port(), Engines.content(1_000));
            e.service.start(7);

            assertThat(e.engine.run(7, null)).isEqualTo(SendState.DONE);

            assertThat(smtp.received()).extracting(ScriptedSmtpServer.Received::rcpt).doesNotHaveDuplicates().hasSize(60);
            assertThat(ledger(jdbc, 7).values()).hasSize(60).containsOnly("sent");
            assertThat(jdbc.sql("select count(*) from delivery_ledger where smtp_reply like '250 2.0.0 Ok: queued as Q%'")
                    .query(Long.class).single()).isEqualTo(60L);
            try (var files = Files.list(dir.resolve("verdict.marks"))) {
                assertThat(files.toList()).isEmpty();
            }
        }
    }

    /**
     * A run killed with marks only in its journal, then the send cancelled instead of resumed: the
     * copies that went out count as sent, not cancelled, and the journal is gone.
     */
    @Test
    void cancellingAfterACrashCountsTheJournaledCopiesAsSent(@TempDir Path dir) throws Exception {
        DataSource ds = h2File(dir);
        JdbcClient jdbc = JdbcClient.create(ds);
        subscribers(jdbc, "crashed", 10);
        Engines e = new Engines(ds, Engines.props(1, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 0, null), 1,
                Engines.content(1_000));
        e.service.start(8);
        List<ClaimedRow> claimed = e.repo.claim(8, "dead", 4, java.time.Instant.now(), java.time.Instant.now().plusSeconds(60));
        SentMarks dead = new SentMarks(e.repo, SentMarkJournal.open(dir.resolve("verdict.marks")));
        claimed.forEach(r -> dead.markSent(new DeliveryRepository.SentMark(r.ledgerId(), "dead", "250 ok", "<m@x>",
                java.time.Instant.now())));
        dead.journalForTest().close(false); // the process died: lock released, marks unwritten

        assertThat(e.service.cancel(8, "editor")).isTrue();

        assertThat(e.service.progress(8).orElseThrow().sent()).isEqualTo(4);
        assertThat(ledger(jdbc, 8).values()).containsOnly("sent", "cancelled").hasSize(10);
        try (var files = Files.list(dir.resolve("verdict.marks"))) {
            assertThat(files.toList()).isEmpty();
        }
    }

    /**
     * A pause while an envelope is written ahead: the connection is dropped with it (the server
     * keeps no message), the copy goes back to the queue, and after resuming everyone has exactly one.
     */
    @ParameterizedTest(name = "h2 file (journaled marks)={0}")
    @ValueSource(booleans = {false, true})
    void pausingWithAnEnvelopeWrittenAheadLeavesNoMessageAndResumingSendsItOnce(boolean file, @TempDir Path dir) throws Exception {
        DataSource ds = file ? h2File(dir) : TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        subscribers(jdbc, "paused", 30);
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0, true)) {
            // 10 a second: slow enough to pause in the middle of a claim, fast enough to write ahead.
            Engines e = new Engines(ds, Engines.props(1, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 10, null),
                    smtp.port(), Engines.content(1_000));
            e.service.start(6);
            Thread pauser = new Thread(() -> {
                await().atMost(Duration.ofSeconds(20)).until(() -> smtp.received().size() >= 5);
                e.service.pause(6, "test");
            });
            pauser.start();

            assertThat(e.engine.run(6, null)).isEqualTo(SendState.PAUSED);
            pauser.join();
            int beforeResume = smtp.received().size();
            assertThat(beforeResume).isLessThan(30);
            assertThat(smtp.writtenAhead()).isPositive();
            assertThat(e.service.progress(6).orElseThrow().sent()).isEqualTo(beforeResume);

            e.service.resume(6);
            assertThat(e.engine.run(6, null)).isEqualTo(SendState.DONE);

            assertThat(smtp.received()).extracting(ScriptedSmtpServer.Received::rcpt).doesNotHaveDuplicates().hasSize(30);
            assertThat(ledger(jdbc, 6).values()).containsOnly("sent");
        }
    }

    @Test
    void aDeadServerPausesTheSendWithTheReasonAndResumingFinishesIt() throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        subscribers(jdbc, "r", 20);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Engines e = new Engines(ds, Engines.props(2, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 0, null),
                port, Engines.content(1_000));
        e.service.start(4);

        SendState end = e.engine.run(4, null);

        assertThat(end).isEqualTo(SendState.PAUSED);
        SendProgress paused = e.service.progress(4).orElseThrow();
        assertThat(paused.pauseReason()).contains("SMTP server 127.0.0.1:" + port + " unreachable after")
                .contains("Connect");
        assertThat(paused.failed()).isZero();
        assertThat(paused.remaining()).isEqualTo(20);

        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(port)) {
            assertThat(e.service.resume(4)).isTrue();
            assertThat(e.engine.run(4, null)).isEqualTo(SendState.DONE);
            assertThat(smtp.received()).hasSize(20);
        }
        assertThat(e.service.progress(4).orElseThrow().sent()).isEqualTo(20);
    }

    @Test
    void pausingStopsTheSendersAndCancellingLeavesTheRestUnsent() throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        subscribers(jdbc, "p", 40);
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0)) {
            Engines e = new Engines(ds, Engines.props(1, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 20, null),
                    smtp.port(), Engines.content(1_000));
            e.service.start(5);
            // Paused once some have gone out (20 a second): the rest stays queued.
            Thread pauser = new Thread(() -> {
                await().atMost(Duration.ofSeconds(30)).until(() -> smtp.received().size() >= 3);
                e.service.pause(5, "checking a typo");
            });
            pauser.start();

            SendState end = e.engine.run(5, null);
            pauser.join();

            assertThat(end).isEqualTo(SendState.PAUSED);
            SendProgress p = e.service.progress(5).orElseThrow();
            assertThat(p.pauseReason()).isEqualTo("checking a typo");
            assertThat(p.sent()).isBetween(1L, 39L);
            assertThat(p.sent()).isEqualTo(smtp.received().size());
            assertThat(jdbc.sql("select count(*) from delivery_ledger where state = 'claimed'").query(Long.class).single())
                    .as("a paused send holds no claims").isZero();

            assertThat(e.service.cancel(5, "test")).isTrue();
            SendProgress cancelled = e.service.progress(5).orElseThrow();
            assertThat(cancelled.state()).isEqualTo(SendState.CANCELLED);
            assertThat(cancelled.skipped()).isEqualTo(40 - p.sent());
            assertThat(e.service.resume(5)).isFalse();
            assertThat(e.engine.run(5, null)).isEqualTo(SendState.CANCELLED);
            assertThat(smtp.received()).hasSize((int) p.sent());
            assertThat(e.events).containsExactly(new SendStarted(5, 40), new SendWentOut(5), new SendPaused(5, "checking a typo"),
                    new SendCancelled(5, "test"));
        }
    }

    @Test
    void aSubscriberWhoLeftAfterTheStartIsNotMailed() throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        subscriber(jdbc, "stay@example.com", null);
        subscriber(jdbc, "leave@example.com", null);
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0)) {
            Engines e = new Engines(ds, Engines.props(1, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 0, null),
                    smtp.port(), Engines.content(1_000));
            e.service.start(6);
            jdbc.sql("update subscriber set status = 'unsubscribed' where email = 'leave@example.com'").update();

            e.engine.run(6, null);

            assertThat(smtp.received()).extracting(ScriptedSmtpServer.Received::rcpt).containsExactly("stay@example.com");
            assertThat(ledger(jdbc, 6)).containsEntry("leave@example.com", "cancelled");
        }
    }

    static String header(MimeMessage m, String name) {
        try {
            return jakarta.mail.internet.MimeUtility.unfold(m.getHeader(name)[0]);
        } catch (jakarta.mail.MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
