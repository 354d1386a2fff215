package com.verdictdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.verdictdigest.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * kill -9 in the middle of a send, then start again: everyone ends with exactly one sent row,
 * and the SMTP server saw at most {@link SendCrashChild#CONNECTIONS} duplicates (the messages in
 * flight at the kill, the bound documented on {@link SendEngine}).
 */
class SendCrashTest {

    static final int SUBSCRIBERS = 400;

    @Test
    void aSenderKilledMidSendResumesWithNobodySkippedAndDuplicatesWithinTheBound(@TempDir Path dir) throws Exception {
        String url = TestDatabase.POSTGRES.freshUrl();
        DriverManagerDataSource ds = new DriverManagerDataSource(url, "postgres", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
        JdbcClient jdbc = JdbcClient.create(ds);
        jdbc.sql("""
                insert into subscriber (email, email_key, status, token, created_at, updated_at)
                select 'k' || g || '@example.com', 'k' || g || '@example.com', 'confirmed', 'tok' || g, now(), now()
                  from generate_series(1, :n) as g""").param("n", SUBSCRIBERS).update();

        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0)) {
            Process first = child(url, smtp.port(), dir.resolve("first.log"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (sent(jdbc) < 100 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(first.isAlive()).as("the first sender is still sending: " + Files.readString(dir.resolve("first.log"))).isTrue();
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            long sentAtKill = sent(jdbc);
            assertThat(sentAtKill).isBetween(100L, SUBSCRIBERS - 1L);

            Process second = child(url, smtp.port(), dir.resolve("second.log"));
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the restarted sender finishes").isTrue();
            assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.log"))).isZero();

            Map<String, Long> rows = jdbc.sql("select state, count(*) as n from delivery_ledger group by state")
                    .query((rs, n) -> Map.entry(rs.getString("state"), rs.getLong("n"))).list().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(rows).containsExactly(Map.entry("sent", (long) SUBSCRIBERS));
            assertThat(jdbc.sql("select count(distinct subscriber_id) from delivery_ledger where state = 'sent'")
                    .query(Long.class).single()).isEqualTo(SUBSCRIBERS);

            List<String> rcpts = smtp.received().stream().map(ScriptedSmtpServer.Received::rcpt).toList();
            Map<String, Long> perRcpt = rcpts.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            long duplicates = rcpts.size() - perRcpt.size();
            System.out.println("crash test: " + sentAtKill + " marked sent at the kill, " + rcpts.size()
                    + " messages at the server for " + perRcpt.size() + " recipients, " + duplicates + " duplicates");
            assertThat(perRcpt).hasSize(SUBSCRIBERS);
            assertThat(duplicates).isLessThanOrEqualTo(SendCrashChild.CONNECTIONS);
        }
    }

    static long sent(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from delivery_ledger where state = 'sent'").query(Long.class).single();
    }

    static Process child(String url, int smtpPort, Path log) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new ProcessBuilder(java, "-Xmx192m", "-cp", System.getProperty("java.class.path"),
                SendCrashChild.class.getName(), url, String.valueOf(smtpPort), "21")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
