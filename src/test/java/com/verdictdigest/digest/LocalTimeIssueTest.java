package com.verdictdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.delivery.SendEngine;
import com.verdictdigest.delivery.SendService;
import com.verdictdigest.delivery.SendState;
import com.verdictdigest.delivery.SendWave;
import com.verdictdigest.support.MutableClock;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An issue sent at 08:00 in each reader's zone, with a clock the test moves: the editor's choice
 * is kept with the issue, the archive publishes it when its first wave goes out, it is sent only
 * after its last wave, and the next issue waits until then, saying why.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import(LocalTimeIssueTest.Clocks.class)
class LocalTimeIssueTest {

    /** Monday 23 November 2026, 06:00 UTC: 08:00 comes in Berlin at 07:00Z, in New York at 13:00Z. */
    static final Instant START = Instant.parse("2026-11-23T06:00:00Z");
    static final Instant BERLIN_EIGHT = Instant.parse("2026-11-23T07:00:00Z");
    static final Instant NEW_YORK_EIGHT = Instant.parse("2026-11-23T13:00:00Z");
    static final LocalTime EIGHT = LocalTime.of(8, 0);

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", TestDatabase.H2::freshUrl);
        r.add("spring.mail.host", () -> "127.0.0.1");
        r.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
        r.add("verdict.delivery.worker", () -> "false");
        r.add("verdict.delivery.poll-interval", () -> "200ms");
        r.add("verdict.schedule.enabled", () -> "false");
        r.add("verdict.schedule.dispatch-interval", () -> "1h");
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(START);
        }
    }

    @Autowired
    MutableClock clock;
    @Autowired
    CatalogImporter catalog;
    @Autowired
    IssueLifecycle lifecycle;
    @Autowired
    DigestIssues issues;
    @Autowired
    SendService sends;
    @Autowired
    SendEngine engine;
    @Autowired
    JdbcClient jdbc;

    final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @org.junit.jupiter.api.BeforeEach
    void emptyInbox() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    void readersIn(String zone, int count) {
        LifecycleFixture.readers(jdbc, count);
        jdbc.sql("update subscriber set time_zone = :z where time_zone is null and status = 'confirmed'").param("z", zone).update();
    }

    @Test
    void publishedWhenTheFirstWaveGoesOutSentAfterTheLastAndTheNextIssueWaitsUntilThen() throws Exception {
        clock.set(START);
        readersIn("Europe/Berlin", 2);
        readersIn("America/New_York", 1);
        int first = LifecycleFixture.draft(catalog, lifecycle);

        Issue approved = lifecycle.approveAndSend(first, "editor", EIGHT);

        assertThat(approved.state()).isEqualTo(IssueState.SENDING);
        assertThat(approved.localTime()).isEqualTo("08:00");
        assertThat(approved.publishedAt()).as("nothing went out yet").isNull();
        assertThat(issues.published(10)).extracting(Issue::number).doesNotContain(first);
        assertThat(sends.waves(first)).extracting(SendWave::dueAt).containsExactly(BERLIN_EIGHT, NEW_YORK_EIGHT);
        Future<SendState> run = background.submit(() -> engine.run(first, null));

        clock.set(BERLIN_EIGHT);
        await().atMost(Duration.ofSeconds(20)).until(() -> issues.require(first).publishedAt() != null);
        Issue out = issues.require(first);
        assertThat(out.state()).as("later waves are still to come").isEqualTo(IssueState.SENDING);
        assertThat(out.publishedAt()).isEqualTo(BERLIN_EIGHT);
        assertThat(DigestIssues.isPublic(out)).isTrue();
        assertThat(issues.published(10)).extracting(Issue::number).contains(first);
        await().atMost(Duration.ofSeconds(20)).until(() -> sends.waves(first).get(0).remaining() == 0);
        long berlin = sends.waves(first).get(0).sent();
        assertThat(greenMail.getReceivedMessages()).hasSize((int) berlin);

        // The next issue, approved while the first is between its waves, waits for it.
        int second = LifecycleFixture.draft(catalog, lifecycle);
        assertThat(lifecycle.approve(second, "editor").state()).isEqualTo(IssueState.APPROVED);
        assertThat(lifecycle.waitsFor(second)).contains(first);
        assertThat(lifecycle.waitingReason(second)).get().asString()
                .contains("Issue #" + second + " waits for issue #" + first, "last wave due " + NEW_YORK_EIGHT);
        assertThat(issues.history(second)).extracting(IssueEvent::action).contains("waiting");
        assertThatThrownBy(() -> lifecycle.sendNow(second)).isInstanceOf(IssueStateException.class)
                .hasMessageContaining("waits for issue #" + first);
        assertThat(lifecycle.sendDue(clock.instant())).isZero();
        assertThat(sends.state(second)).isEmpty();

        clock.set(NEW_YORK_EIGHT);
        assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(SendState.DONE);
        assertThat(issues.require(first).state()).isEqualTo(IssueState.SENT);
        assertThat(issues.history(first)).extracting(IssueEvent::action)
                .containsExactly("created", "approved", "delivery", "sending", "published", "sent");
        assertThat(greenMail.getReceivedMessages()).hasSize((int) (berlin + sends.waves(first).get(1).sent()));
        assertThat(sends.waves(first).get(1).sent()).isPositive();

        assertThat(lifecycle.waitsFor(second)).isEmpty();
        assertThat(lifecycle.sendDue(clock.instant())).as("the dispatcher starts it now").isEqualTo(1);
        assertThat(issues.require(second).state()).isEqualTo(IssueState.SENDING);
        sends.cancel(second, "test");
    }

    @Test
    void cancellingBetweenWavesCancelsTheIssueAndTheWavesToCome() throws Exception {
        clock.set(START);
        readersIn("Europe/Berlin", 1);
        readersIn("America/New_York", 1);
        int number = LifecycleFixture.draft(catalog, lifecycle);
        lifecycle.approveAndSend(number, "editor", EIGHT);
        Future<SendState> run = background.submit(() -> engine.run(number, null));
        clock.set(BERLIN_EIGHT);
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.waiting(number)
                .filter(w -> w.until().equals(NEW_YORK_EIGHT)).isPresent());

        lifecycle.cancel(number, "editor");

        assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo(SendState.CANCELLED);
        assertThat(issues.require(number).state()).isEqualTo(IssueState.CANCELLED);
        clock.set(NEW_YORK_EIGHT);
        assertThat(sends.waves(number)).last().satisfies(w -> {
            assertThat(w.sent()).isZero();
            assertThat(w.skipped()).isEqualTo(w.recipients());
            assertThat(w.remaining()).isZero();
        });
        assertThat(engine.run(number, null)).isEqualTo(SendState.CANCELLED);
        assertThat(greenMail.getReceivedMessages().length).as("only the Berlin wave went out").isEqualTo(
                (int) sends.waves(number).get(0).sent());
    }
}
