package com.verdictdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.DatabaseMigrations;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * kill -9 between two waves of a local-time send, then another instance starts: it picks up the
 * next wave and sends every later wave on time, and nobody gets the issue twice.
 *
 * <p>Real waves are hours apart; here 08:00 comes seconds apart: the readers' zones are fixed
 * offsets of a few seconds (delivery resolves any zone id the JDK knows; sign-up and import take
 * only region ids), and every JVM's clock is the wall clock shifted so that the send starts just
 * before 08:00 UTC. Run on the stores where a mark survives a kill (PostgreSQL, H2 with
 * {@code WRITE_DELAY=0}; see {@link SendCrashIT} for H2's default).
 */
class LocalTimeSendCrashIT {

    static final int PER_WAVE = 100;
    static final long ISSUE = 31;

    enum Store {
        POSTGRES, H2_WRITE_DELAY_0;

        String url(Path dir) {
            return this == POSTGRES ? TestDatabase.POSTGRES.freshUrl() : "jdbc:h2:file:" + dir.resolve("waves") + ";WRITE_DELAY=0";
        }
    }

    /** A wave: its readers' zone, and when 08:00 comes there by the shifted clock. */
    record Wave(String local, String zone, Instant due) {
    }

    static final List<Wave> WAVES = List.of(
            new Wave("first", "UTC", Instant.parse("2026-11-23T08:00:00Z")),
            new Wave("second", "-00:00:22", Instant.parse("2026-11-23T08:00:22Z")),
            new Wave("third", "-00:00:28", Instant.parse("2026-11-23T08:00:28Z")));

    @ParameterizedTest
    @EnumSource(Store.class)
    void aKillBetweenWavesLosesNoWaveDelaysNoneAndDuplicatesNobody(Store store, @TempDir Path dir) throws Exception {
        String url = store.url(dir);
        DriverManagerDataSource ds = new DriverManagerDataSource(url, "postgres", "");
        DatabaseMigrations.migrate(ds);
        JdbcClient jdbc = JdbcClient.create(ds);
        for (Wave w : WAVES) {
            for (int i = 0; i < PER_WAVE; i++) {
                jdbc.sql("""
                        insert into subscriber (email, email_key, status, time_zone, created_at, updated_at)
                        values (:e, :e, 'confirmed', :z, current_timestamp, current_timestamp)""")
                        .param("e", w.local() + i + "@example.com").param("z", w.zone()).update();
            }
        }

        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0)) {
            // The send starts here, 8 s before 08:00 UTC by the shifted clock every JVM of this test uses.
            long shift = Duration.between(Instant.now(), WAVES.get(0).due().minusSeconds(8)).toMillis();
            Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofMillis(shift));
            Engines starter = new Engines(ds, Engines.props(1, 3, Duration.ofMillis(200), Duration.ofSeconds(2), 0, null),
                    smtp.port(), Engines.content(5_000), clock);
            assertThat(starter.service.start(ISSUE, LocalTime.of(8, 0)).enqueued()).isEqualTo(3 * PER_WAVE);
            assertThat(starter.service.waves(ISSUE)).extracting(SendWave::dueAt)
                    .containsExactlyElementsOf(WAVES.stream().map(Wave::due).toList());

            Process first = child(url, smtp.port(), shift, dir.resolve("first.log"));
            Path firstLog = dir.resolve("first.log");
            // Between the waves: the first wave is out and the child says it waits for the second.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !first.isAlive() || Files.readString(firstLog).contains("nothing due before " + WAVES.get(1).due()));
            assertThat(first.isAlive()).as("the first sender waits for the next wave: " + Files.readString(firstLog)).isTrue();
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            assertThat(smtp.received()).as("the first wave, all of it, before the kill").hasSize(PER_WAVE)
                    .allSatisfy(r -> assertThat(r.rcpt()).startsWith("first"));
            Instant killedAt = Instant.now();
            assertThat(killedAt).as("killed before the second wave was due")
                    .isBefore(WAVES.get(1).due().minusMillis(shift));

            Process second = child(url, smtp.port(), shift, dir.resolve("second.log"));
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the new instance finishes the send").isTrue();
            assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.log"))).isZero();

            List<String> rcpts = smtp.received().stream().map(ScriptedSmtpServer.Received::rcpt).toList();
            Map<String, Long> perRcpt = rcpts.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(perRcpt).as("everyone got it").hasSize(3 * PER_WAVE);
            assertThat(rcpts).as("nobody twice").hasSize(3 * PER_WAVE);
            assertThat(jdbc.sql("select count(*) from delivery_ledger where state = 'sent'").query(Long.class).single())
                    .isEqualTo(3L * PER_WAVE);
            assertThat(jdbc.sql("select state from delivery_send where issue_number = :i").param("i", ISSUE)
                    .query(String.class).single()).isEqualTo("done");

            StringBuilder timing = new StringBuilder();
            for (Wave w : WAVES.subList(1, WAVES.size())) {
                Instant dueReal = w.due().minusMillis(shift);
                List<Instant> at = smtp.received().stream().filter(r -> r.rcpt().startsWith(w.local()))
                        .map(ScriptedSmtpServer.Received::at).sorted().toList();
                timing.append(w.local()).append(" wave: first mail ").append(Duration.between(dueReal, at.get(0)).toMillis())
                        .append(" ms after its 08:00, last ").append(Duration.between(dueReal, at.get(at.size() - 1)).toMillis())
                        .append(" ms; ");
                assertThat(at.get(0)).as(w.local() + ": nobody early").isAfterOrEqualTo(dueReal);
                assertThat(at.get(at.size() - 1)).as(w.local() + ": on time").isBefore(dueReal.plusSeconds(8));
            }
            System.out.println("local-time crash test on " + store + ": killed " + Duration.between(killedAt,
                    WAVES.get(1).due().minusMillis(shift)).toMillis() + " ms before the second wave; " + timing);
        }
    }

    static Process child(String url, int smtpPort, long shift, Path log) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new ProcessBuilder(java, "-Xmx192m", "-cp", System.getProperty("java.class.path"),
                LocalTimeCrashChild.class.getName(), url, String.valueOf(smtpPort), String.valueOf(ISSUE), String.valueOf(shift))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
