package com.verdictdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.support.TestDatabase;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stopping an instance mid-send (what SIGTERM does to {@code serve}: the context closes and
 * {@link SendRunner#stop()} runs) lets each sender finish its message and gives every claimed row
 * back at once: another instance on the same database takes over the rest at once, long before
 * the claims' lease would have run out, and nobody gets the issue twice.
 */
class GracefulShutdownTest {

    static final int SUBSCRIBERS = 200;

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void aStoppedInstanceReleasesItsClaimsAndTheOtherContinuesAtOnce() throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        SendEngineTest.subscribers(jdbc, "r", SUBSCRIBERS);
        Duration lease = Duration.ofMinutes(30); // nobody waits for it
        // The first instance is slowed by its rate limit, so it is surely mid-send when stopped.
        Engines first = new Engines(ds, Engines.props(3, 10, 3, Duration.ofMillis(100), lease, 40, null),
                greenMail.getSmtp().getPort(), Engines.content(2_000));
        Engines second = new Engines(ds, Engines.props(3, 10, 3, Duration.ofMillis(100), lease, 0, null),
                greenMail.getSmtp().getPort(), Engines.content(2_000));
        first.service.start(5);
        DeliveryProperties p = Engines.props(3, 10, 3, Duration.ofMillis(100), lease, 40, null).delivery();
        SendRunner runner = new SendRunner(first.repo, first.engine, new DeliveryProperties(p.connections(), p.maxPerSecond(),
                p.batchSize(), p.lease(), p.maxAttempts(), p.retryBackoff(), p.maxBackoff(), p.deadServerFailures(),
                p.pollInterval(), true, p.localTime()));
        runner.start(); // finds the running send at its first poll

        await().atMost(Duration.ofSeconds(30)).until(() -> greenMail.getReceivedMessages().length >= 20);
        assertThat(claimed(jdbc)).as("the first instance holds claims mid-send").isPositive();
        runner.stop();

        assertThat(claimed(jdbc)).as("no row stays claimed once the instance has stopped").isZero();
        long sentByFirst = sent(jdbc);
        assertThat(sentByFirst).isBetween(20L, SUBSCRIBERS - 1L);
        assertThat(first.engine.isActive(5)).isFalse();

        assertThat(second.engine.run(5, null)).as("the second instance finishes without waiting for a lease")
                .isEqualTo(SendState.DONE);

        assertThat(sent(jdbc)).isEqualTo(SUBSCRIBERS);
        Map<String, Long> perRecipient = Arrays.stream(greenMail.getReceivedMessages()).map(GracefulShutdownTest::to)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perRecipient).hasSize(SUBSCRIBERS).allSatisfy((to, n) -> assertThat(n).as(to).isOne());
    }

    static long claimed(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from delivery_ledger where state = 'claimed'").query(Long.class).single();
    }

    static long sent(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from delivery_ledger where state = 'sent'").query(Long.class).single();
    }

    static String to(Message m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
