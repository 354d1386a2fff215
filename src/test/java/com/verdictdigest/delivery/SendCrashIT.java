package com.verdictdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.DatabaseMigrations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * kill -9 in the middle of a send, then start again: everyone ends with exactly one sent row and
 * got the mail, and the SMTP server saw at most {@link SendCrashChild#CONNECTIONS} duplicates (the
 * messages in flight at the kill: the bound documented on {@link SendEngine}), on PostgreSQL and
 * on H2 with the URL the product ships in application.yml, unchanged.
 */
class SendCrashIT {

    static final int SUBSCRIBERS = 400;

    enum Store {
        POSTGRES, H2_DEFAULT;

        String url(Path dir) throws Exception {
            return switch (this) {
                case POSTGRES -> TestDatabase.POSTGRES.freshUrl();
                case H2_DEFAULT -> defaultH2Url(dir.resolve("data"));
            };
        }
    }

    /** {@code spring.datasource.url} as application.yml ships it, in this data directory. */
    static String defaultH2Url(Path dataDir) throws Exception {
        String url = (String) new org.springframework.boot.env.YamlPropertySourceLoader()
                .load("application.yml", new org.springframework.core.io.ClassPathResource("application.yml")).get(0)
                .getProperty("spring.datasource.url");
        assertThat(url).startsWith("jdbc:h2:file:${verdict.data-dir}/");
        Files.createDirectories(dataDir);
        return url.replace("${verdict.data-dir}", dataDir.toString());
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aKilledSenderResumesWithNobodySkippedAndAtMostOneDuplicatePerThread(Store store, @TempDir Path dir) throws Exception {
        String url = store.url(dir);
        // Not pooled: the test holds no connection while a child runs, so on H2 the child owns the file.
        DriverManagerDataSource ds = new DriverManagerDataSource(url, "postgres", "");
        DatabaseMigrations.migrate(ds);
        JdbcClient jdbc = JdbcClient.create(ds);
        jdbc.sql(store == Store.POSTGRES ? """
                insert into subscriber (email, email_key, status, created_at, updated_at)
                select 'k' || g || '@example.com', 'k' || g || '@example.com', 'confirmed', now(), now()
                  from generate_series(1, :n) as g""" : """
                insert into subscriber (email, email_key, status, created_at, updated_at)
                select 'k' || x || '@example.com', 'k' || x || '@example.com', 'confirmed',
                       current_timestamp, current_timestamp
                  from system_range(1, :n)""").param("n", SUBSCRIBERS).update();

        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0, true)) {
            Process first = child(url, smtp.port(), dir.resolve("first.log"));
            // Watched at the SMTP server: reading the database now would make the test its H2 owner.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> smtp.received().size() >= 100 || !first.isAlive());
            assertThat(first.isAlive()).as("the first sender is still sending: " + Files.readString(dir.resolve("first.log"))).isTrue();
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            long receivedAtKill = smtp.received().size();
            assertThat(receivedAtKill).as("killed in the middle of the send").isBetween(100L, SUBSCRIBERS - 1L);
            long sentAtKill = sent(jdbc);
            assertThat(sentAtKill).as("marked sent, as the database kept it").isLessThanOrEqualTo(receivedAtKill);

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
            System.out.println("crash test on " + store + ": " + receivedAtKill + " mails at the server and " + sentAtKill
                    + " marked sent at the kill, " + rcpts.size()
                    + " messages at the server for " + perRcpt.size() + " recipients, " + duplicates + " duplicates");
            assertThat(perRcpt).as("nobody skipped").hasSize(SUBSCRIBERS);
            assertThat(duplicates).as("at most one duplicate per sender thread").isLessThanOrEqualTo(SendCrashChild.CONNECTIONS);
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
