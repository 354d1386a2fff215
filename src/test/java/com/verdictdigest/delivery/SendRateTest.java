package com.verdictdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rate the sending page and {@code send status} show ({@link SendService#progress}). It read
 * 0.0/s: a finished send showed none at all (and the CLI prints its summary only at the end),
 * and a running one divided the last minute's count by 60 however young the send was.
 */
class SendRateTest {

    static final double LIMIT = 20;

    @Test
    void aThrottledSendShowsItsLimitWhileRunningAndWhenDone() throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        SendEngineTest.subscribers(jdbc, "rate", 90);
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0)) {
            Engines e = new Engines(ds, Engines.props(2, 3, Duration.ofMillis(100), Duration.ofMinutes(1), LIMIT, null),
                    smtp.port(), Engines.content(1_000));
            e.service.start(1);
            long start = System.nanoTime();
            List<SendProgress> seen = new ArrayList<>();
            e.engine.run(1, n -> {
                // From the second second on: a rate over a few messages says little.
                if (System.nanoTime() - start > 2_000_000_000L) {
                    seen.add(e.service.progress(1).orElseThrow());
                }
            });

            assertThat(seen).isNotEmpty().allSatisfy(p -> {
                assertThat(p.state()).isEqualTo(SendState.RUNNING);
                assertThat(p.ratePerSecond()).as(p.summary()).isCloseTo(LIMIT, org.assertj.core.data.Percentage.withPercentage(20));
            });
            SendProgress done = e.service.progress(1).orElseThrow();
            assertThat(done.sent()).isEqualTo(90);
            assertThat(done.ratePerSecond()).as(done.summary()).isCloseTo(LIMIT, org.assertj.core.data.Percentage.withPercentage(20));
            assertThat(done.summary()).endsWith("/s").doesNotEndWith(" 0.0/s");
        }
    }
}
