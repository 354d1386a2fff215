package com.verdictdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.verdictdigest.support.MutableClock;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A local-time send, wave by wave, with a clock the test moves: every reader gets the issue at
 * 08:00 in their zone and not a minute before, a pause or cancel between waves stops the waves
 * to come, and the rate limit holds in each wave.
 */
class LocalTimeSendTest {

    static final LocalTime EIGHT = LocalTime.of(8, 0);
    /** Saturday 28 March 2026, 12:30 UTC: Berlin moves to summer time the next night. */
    static final Instant START = Instant.parse("2026-03-28T12:30:00Z");

    /** A zone of the test's readers and the instant 08:00 comes there after {@link #START}. */
    record Zone(String id, String local, Instant eight) {
    }

    static final List<Zone> ZONES = List.of(
            new Zone("Asia/Tokyo", "tokyo", Instant.parse("2026-03-28T23:00:00Z")),
            new Zone("Asia/Kolkata", "kolkata", Instant.parse("2026-03-29T02:30:00Z")),
            // 08:00 CEST (UTC+2) on Sunday, not 07:00Z as the offset at the start (CET) would give
            new Zone("Europe/Berlin", "berlin", Instant.parse("2026-03-29T06:00:00Z")),
            // readers whose zone is not known get the list's default (UTC in Engines)
            new Zone(null, "unknown", Instant.parse("2026-03-29T08:00:00Z")),
            new Zone("America/New_York", "newyork", Instant.parse("2026-03-29T12:00:00Z")));

    static final int PER_ZONE = 3;

    final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    static void reader(JdbcClient jdbc, String local, String zone) {
        jdbc.sql("""
                insert into subscriber (email, email_key, status, time_zone, created_at, updated_at)
                values (:e, :e, 'confirmed', :z, current_timestamp, current_timestamp)""")
                .param("e", local + "@example.com").param("z", zone).update();
    }

    static void readers(JdbcClient jdbc) {
        for (Zone z : ZONES) {
            for (int i = 1; i <= PER_ZONE; i++) {
                reader(jdbc, z.local() + i, z.id());
            }
        }
    }

    static long receivedFrom(ScriptedSmtpServer smtp, String zonePrefix) {
        return smtp.received().stream().filter(r -> r.rcpt().startsWith(zonePrefix)).count();
    }

    static Engines engines(DataSource ds, ScriptedSmtpServer smtp, Clock clock, double maxPerSecond) {
        return new Engines(ds, Engines.props(2, 5, 3, Duration.ofMillis(100), Duration.ofMinutes(5), maxPerSecond, null),
                smtp.port(), Engines.content(2_000), clock);
    }

    @Test
    void readersInFiveZonesGetTheIssueAtEightTheirTimeAndNobodyEarly() throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        readers(jdbc);
        MutableClock clock = new MutableClock(START);
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0)) {
            Engines e = engines(ds, smtp, clock, 0);

            SendPlan plan = e.service.plan(EIGHT, START);
            assertThat(plan.waves()).extracting(SendPlan.Wave::dueAt).containsExactlyElementsOf(ZONES.stream().map(Zone::eight).toList());
            assertThat(plan.waves()).allSatisfy(w -> assertThat(w.readers()).isEqualTo(PER_ZONE));
            assertThat(plan.waves().get(3).zones()).extracting(SendPlan.ZoneReaders::zone).containsExactly("UTC");
            assertThat(plan.lastDueAt()).isEqualTo(Instant.parse("2026-03-29T12:00:00Z"));
            assertThat(plan.readers()).isEqualTo(15);

            SendService.Started started = e.service.start(7, EIGHT);
            assertThat(started.enqueued()).isEqualTo(15);
            Future<SendState> run = background.submit(() -> e.engine.run(7, null));

            for (int i = 0; i < ZONES.size(); i++) {
                Zone zone = ZONES.get(i);
                // A minute before: the engine has looked at the clock since it moved, and still waits.
                Instant before = zone.eight().minus(Duration.ofMinutes(1));
                clock.set(before);
                await().atMost(Duration.ofSeconds(10)).until(() -> e.engine.waiting(7)
                        .filter(w -> w.until().equals(zone.eight()) && !w.checkedAt().isBefore(before)).isPresent());
                assertThat(receivedFrom(smtp, zone.local())).as(zone.local() + " a minute before 08:00").isZero();
                assertThat(smtp.received()).as("the waves before").hasSize(i * PER_ZONE);
                assertThat(e.events).noneMatch(ev -> ev instanceof SendFinished);

                clock.set(zone.eight());
                await().atMost(Duration.ofSeconds(20)).until(() -> receivedFrom(smtp, zone.local()) == PER_ZONE);
            }
            assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(SendState.DONE);

            // Each mark was made at the clock's time: every reader exactly at their 08:00.
            Map<String, Instant> sentAt = jdbc.sql("select email, sent_at from delivery_ledger where issue_number = 7")
                    .query((rs, n) -> Map.entry(rs.getString("email"), rs.getObject("sent_at", java.time.OffsetDateTime.class).toInstant()))
                    .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            for (Zone z : ZONES) {
                for (int i = 1; i <= PER_ZONE; i++) {
                    assertThat(sentAt.get(z.local() + i + "@example.com")).as(z.local() + i).isEqualTo(z.eight());
                }
            }
            assertThat(smtp.received()).hasSize(15);
            assertThat(smtp.received().stream().map(ScriptedSmtpServer.Received::rcpt).distinct()).hasSize(15);
            assertThat(e.events).containsExactly(new SendStarted(7, 15), new SendWentOut(7), new SendFinished(7, 15, 0, 0));

            List<SendWave> waves = e.service.waves(7);
            assertThat(waves).extracting(SendWave::dueAt).containsExactlyElementsOf(ZONES.stream().map(Zone::eight).toList());
            assertThat(waves).allSatisfy(w -> {
                assertThat(w.sent()).isEqualTo(PER_ZONE);
                assertThat(w.remaining()).isZero();
            });
            assertThat(waves.get(2).zones()).containsExactly(new SendPlan.ZoneReaders("Europe/Berlin", PER_ZONE));
            assertThat(e.service.localTime(7)).contains(EIGHT);
        }
    }

    @Test
    void pausingBetweenWavesEndsTheWaitAndCancellingStopsTheWavesNotYetSent() throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        readers(jdbc);
        MutableClock clock = new MutableClock(START);
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0)) {
            Engines e = engines(ds, smtp, clock, 0);
            e.service.start(8, EIGHT);
            Future<SendState> run = background.submit(() -> e.engine.run(8, null));
            clock.set(ZONES.get(0).eight());
            await().atMost(Duration.ofSeconds(20)).until(() -> e.engine.waiting(8)
                    .filter(w -> w.until().equals(ZONES.get(1).eight())).isPresent());
            assertThat(smtp.received()).hasSize(PER_ZONE);

            assertThat(e.service.pause(8, "a typo in the intro")).isTrue();
            assertThat(run.get(5, TimeUnit.SECONDS)).as("woken at once, not at the next wave").isEqualTo(SendState.PAUSED);

            // Paused past Kolkata's and Berlin's 08:00: resuming sends them at once (late, never early), then waits for the next.
            clock.set(ZONES.get(2).eight().plus(Duration.ofMinutes(10)));
            assertThat(e.service.resume(8)).isTrue();
            Future<SendState> resumed = background.submit(() -> e.engine.run(8, null));
            await().atMost(Duration.ofSeconds(20)).until(() -> e.engine.waiting(8)
                    .filter(w -> w.until().equals(ZONES.get(3).eight())).isPresent());
            assertThat(smtp.received()).hasSize(3 * PER_ZONE);

            assertThat(e.service.cancel(8, "editor")).isTrue();
            assertThat(resumed.get(5, TimeUnit.SECONDS)).isEqualTo(SendState.CANCELLED);
            clock.set(ZONES.get(4).eight());
            assertThat(e.service.waves(8)).extracting(SendWave::sent, SendWave::skipped).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(3L, 0L), org.assertj.core.groups.Tuple.tuple(3L, 0L),
                    org.assertj.core.groups.Tuple.tuple(3L, 0L), org.assertj.core.groups.Tuple.tuple(0L, 3L),
                    org.assertj.core.groups.Tuple.tuple(0L, 3L));
            assertThat(e.engine.run(8, null)).as("nothing left to send").isEqualTo(SendState.CANCELLED);
            assertThat(smtp.received()).hasSize(3 * PER_ZONE);
            assertThat(e.events).last().isEqualTo(new SendCancelled(8, "editor"));
        }
    }

    /**
     * The complaint guard pauses a local-time send as any other: a complaint that comes back while
     * the run waits for the next wave pauses it, the run ends (within a poll of the state), later
     * waves stay unsent past their 08:00 until the editor resumes, and a cancel then stops the rest.
     * The guard is set to judge after 3 copies (1 complaint of 3 is over its 30%).
     */
    @Test
    void aGuardPauseBetweenWavesHoldsTheWavesToComeUntilResumedAndCancelStillStopsThem() throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        readers(jdbc);
        MutableClock clock = new MutableClock(START);
        SendGuardProperties guard = com.verdictdigest.support.Config.bind(SendGuardProperties.class,
                "complaint-rate=0.3", "min-delivered=3");
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0)) {
            Engines e = new Engines(ds, Engines.props(2, 5, 3, Duration.ofMillis(100), Duration.ofMinutes(5), 0, null),
                    smtp.port(), Engines.content(2_000), guard, clock);
            e.service.start(10, EIGHT);
            Future<SendState> run = background.submit(() -> e.engine.run(10, null));
            clock.set(ZONES.get(0).eight());
            await().atMost(Duration.ofSeconds(20)).until(() -> e.engine.waiting(10)
                    .filter(w -> w.until().equals(ZONES.get(1).eight())).isPresent());
            assertThat(smtp.received()).hasSize(PER_ZONE);

            long tokyo1 = jdbc.sql("select id from subscriber where email = 'tokyo1@example.com'").query(Long.class).single();
            assertThat(e.feedback.record(10, tokyo1, SendFeedback.Kind.COMPLAINT, "complaint")).isTrue();
            String reason = "complaints: 1 of 3 delivered (33.33%) exceed the limit of 30.00%; "
                    + "sending on would damage the domain's reputation";
            assertThat(e.service.progress(10).orElseThrow().pauseReason()).isEqualTo(reason);
            assertThat(run.get(5, TimeUnit.SECONDS)).as("the waiting run sees the pause").isEqualTo(SendState.PAUSED);
            assertThat(e.events).contains(new SendPaused(10, reason));

            // Kolkata's 08:00 passes while paused: no instance's runner picks the send up, nobody there is mailed.
            clock.set(ZONES.get(1).eight().plus(Duration.ofMinutes(5)));
            assertThat(e.repo.findRunningSends()).doesNotContain(10L);
            assertThat(smtp.received()).hasSize(PER_ZONE);

            // Resumed: Kolkata at once (late, never early), then the run waits for Berlin.
            assertThat(e.service.resume(10)).isTrue();
            Future<SendState> resumed = background.submit(() -> e.engine.run(10, null));
            await().atMost(Duration.ofSeconds(20)).until(() -> e.engine.waiting(10)
                    .filter(w -> w.until().equals(ZONES.get(2).eight())).isPresent());
            assertThat(smtp.received()).hasSize(2 * PER_ZONE);

            assertThat(e.service.cancel(10, "editor")).isTrue();
            assertThat(resumed.get(5, TimeUnit.SECONDS)).isEqualTo(SendState.CANCELLED);
            clock.set(ZONES.get(4).eight());
            assertThat(e.service.waves(10)).extracting(SendWave::sent, SendWave::skipped).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(3L, 0L), org.assertj.core.groups.Tuple.tuple(3L, 0L),
                    org.assertj.core.groups.Tuple.tuple(0L, 3L), org.assertj.core.groups.Tuple.tuple(0L, 3L),
                    org.assertj.core.groups.Tuple.tuple(0L, 3L));
            assertThat(smtp.received()).hasSize(2 * PER_ZONE);
            assertThat(e.feedback.report(10)).containsExactly(new SendFeedback.Count(SendFeedback.Kind.COMPLAINT, "complaint", 1));
        }
    }

    /**
     * Two waves a few real seconds apart (fixed-offset zones, which delivery resolves as the JDK
     * does; sign-up and import accept only region ids), throttled to 20 messages a second. Each
     * wave starts with a fresh limiter holding one token: the 40 of the second wave take about two
     * seconds. A limiter kept from the first wave would be full after the wait and let 20 go at
     * once, the 40 in about one second and 40 in one second's window. The server's clock sees the
     * senders' timing with some jitter on a loaded machine, hence the margins (1.4 s, 30).
     */
    @Test
    void theRateLimitHoldsInEachWave() throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        for (int i = 0; i < 20; i++) {
            reader(jdbc, "first" + i, "UTC");
        }
        for (int i = 0; i < 40; i++) {
            reader(jdbc, "second" + i, "-00:00:04");
        }
        // 08:00 UTC comes three seconds after the start, 08:00 at UTC-00:00:04 four seconds later.
        Instant fakeStart = Instant.parse("2026-11-23T07:59:57Z");
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), fakeStart));
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0)) {
            Engines e = engines(ds, smtp, clock, 20);
            e.service.start(9, EIGHT);
            assertThat(e.service.waves(9)).as("both waves within seconds (else the start came after 08:00 UTC)")
                    .extracting(SendWave::dueAt).containsExactly(Instant.parse("2026-11-23T08:00:00Z"), Instant.parse("2026-11-23T08:00:04Z"));
            assertThat(background.submit(() -> e.engine.run(9, null)).get(60, TimeUnit.SECONDS)).isEqualTo(SendState.DONE);

            List<Instant> at = new ArrayList<>(smtp.received().stream().map(ScriptedSmtpServer.Received::at).sorted().toList());
            assertThat(at).hasSize(60);
            int most = 0;
            for (int i = 0; i < at.size(); i++) {
                int j = i;
                while (j < at.size() && at.get(j).isBefore(at.get(i).plusSeconds(1))) {
                    j++;
                }
                most = Math.max(most, j - i);
            }
            assertThat(most).as("messages in any one second").isLessThanOrEqualTo(30);
            List<Instant> second = smtp.received().stream().filter(r -> r.rcpt().startsWith("second"))
                    .map(ScriptedSmtpServer.Received::at).sorted().toList();
            assertThat(Duration.between(at.get(0), second.get(0))).as("the second wave waited for its time")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(3500));
            assertThat(Duration.between(second.get(0), second.get(second.size() - 1)))
                    .as("the second wave's 40 at 20 a second, from a fresh limiter (one kept from the first wave: about 1 s)")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        }
    }
}
