package com.verdictdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.verdictdigest.support.Config;
import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A running send pauses by itself when complaints pass 0.3% or hard bounces 5% of the copies
 * delivered, once 1,000 are out: at the threshold and not before, with the reason the editor and
 * {@code send status} show, through delivery's usual pause (its event fires).
 */
class SendGuardTest {

    static final long ISSUE = 5;

    /** {@code n} confirmed subscribers in one batch. */
    static List<Long> subscribers(DataSource ds, int n, String prefix) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] {prefix + i + "@example.com"});
        }
        new JdbcTemplate(ds).batchUpdate("""
                insert into subscriber (email, email_key, status, created_at, updated_at)
                values (?, ?, 'confirmed', current_timestamp, current_timestamp)""",
                rows.stream().map(r -> new Object[] {r[0], r[0]}).toList());
        return JdbcClient.create(ds).sql("select id from subscriber where email like :p order by id").param("p", prefix + "%")
                .query(Long.class).list();
    }

    /** The first {@code n} copies of the issue delivered, as the engine marks them. */
    static void delivered(JdbcClient jdbc, int n) {
        List<Long> ids = jdbc.sql("select id from delivery_ledger where issue_number = :i and state = 'queued' order by id")
                .param("i", ISSUE).query(Long.class).list().subList(0, n);
        jdbc.sql("update delivery_ledger set state = 'sent', sent_at = current_timestamp, attempts = 1 where id in (:ids)")
                .param("ids", ids).update();
    }

    static String state(Engines e) {
        return e.service.progress(ISSUE).orElseThrow().state().name().toLowerCase();
    }

    @StoreTest
    void complaintsPauseTheSendJustAboveThreePerThousandAndNotBefore(TestDatabase db) {
        DataSource ds = db.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        List<Long> readers = subscribers(ds, 1200, "c");
        Engines e = new Engines(ds, Engines.props(1, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 0, null), 1,
                Engines.content(1_000));
        e.service.start(ISSUE);
        delivered(jdbc, 1000);

        for (int i = 0; i < 3; i++) {
            assertThat(e.feedback.record(ISSUE, readers.get(i), SendFeedback.Kind.COMPLAINT, "complaint")).isTrue();
            assertThat(state(e)).as("after complaint " + (i + 1) + " of 1000 delivered (0.3% is the limit)").isEqualTo("running");
        }
        // The same reader complaining twice is one complaint.
        e.feedback.record(ISSUE, readers.get(0), SendFeedback.Kind.COMPLAINT, "complaint");
        assertThat(state(e)).isEqualTo("running");

        e.feedback.record(ISSUE, readers.get(3), SendFeedback.Kind.COMPLAINT, "complaint");

        String reason = "complaints: 4 of 1000 delivered (0.40%) exceed the limit of 0.30%; "
                + "sending on would damage the domain's reputation";
        assertThat(state(e)).isEqualTo("paused");
        assertThat(e.service.progress(ISSUE).orElseThrow().summary()).contains("paused (" + reason + ")");
        assertThat(e.events).contains(new SendPaused(ISSUE, reason));

        // An editor who resumes has seen it: the same rule does not pause this send again.
        assertThat(e.service.resume(ISSUE)).isTrue();
        e.feedback.record(ISSUE, readers.get(4), SendFeedback.Kind.COMPLAINT, "complaint");
        assertThat(state(e)).isEqualTo("running");
        assertThat(e.feedback.report(ISSUE)).containsExactly(new SendFeedback.Count(SendFeedback.Kind.COMPLAINT, "complaint", 5));
    }

    @StoreTest
    void hardBouncesPauseAboveFivePercent(TestDatabase db) {
        DataSource ds = db.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        List<Long> readers = subscribers(ds, 1100, "h");
        Engines e = new Engines(ds, Engines.props(1, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 0, null), 1,
                Engines.content(1_000));
        e.service.start(ISSUE);
        delivered(jdbc, 1000);

        for (int i = 0; i < 50; i++) {
            e.feedback.record(ISSUE, readers.get(i), i % 2 == 0 ? SendFeedback.Kind.HARD : SendFeedback.Kind.SOFT, "user unknown");
        }
        for (int i = 1; i < 50; i += 2) {
            e.feedback.record(ISSUE, readers.get(i), SendFeedback.Kind.HARD, "host unknown");
        }
        assertThat(state(e)).as("50 of 1000 is 5%, not above it").isEqualTo("running");
        // A soft bounce after a hard one changes nothing; a complaint after a hard bounce moves it over.
        e.feedback.record(ISSUE, readers.get(0), SendFeedback.Kind.SOFT, "mailbox full");
        e.feedback.record(ISSUE, readers.get(2), SendFeedback.Kind.COMPLAINT, "complaint");
        assertThat(state(e)).isEqualTo("running");

        e.feedback.record(ISSUE, readers.get(50), SendFeedback.Kind.HARD, "user unknown");
        e.feedback.record(ISSUE, readers.get(51), SendFeedback.Kind.HARD, "user unknown");

        assertThat(state(e)).isEqualTo("paused");
        assertThat(e.service.progress(ISSUE).orElseThrow().pauseReason())
                .startsWith("hard bounces: 51 of 1000 delivered (5.10%) exceed the limit of 5.00%");
        assertThat(e.feedback.report(ISSUE)).containsExactlyInAnyOrder(
                new SendFeedback.Count(SendFeedback.Kind.HARD, "user unknown", 26),
                new SendFeedback.Count(SendFeedback.Kind.HARD, "host unknown", 25),
                new SendFeedback.Count(SendFeedback.Kind.COMPLAINT, "complaint", 1));
    }

    @Test
    void beforeAThousandCopiesAreOutNoRateCountsThenTheNextCheckPauses() {
        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        List<Long> readers = subscribers(ds, 1100, "m");
        Engines e = new Engines(ds, Engines.props(1, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 0, null), 1,
                Engines.content(1_000));
        e.service.start(ISSUE);
        delivered(jdbc, 999);

        for (int i = 0; i < 10; i++) {
            e.feedback.record(ISSUE, readers.get(i), SendFeedback.Kind.COMPLAINT, "complaint");
        }
        assertThat(state(e)).as("10 of 999: too few copies out to judge").isEqualTo("running");

        delivered(jdbc, 1);
        assertThat(e.guard.check(ISSUE)).as("the engine's loop checks every half second").isTrue();
        assertThat(state(e)).isEqualTo("paused");
    }

    @Test
    void hardBouncesRefusedWhileSendingPauseTheRunningEngine() throws Exception {
        DataSource ds = TestDatabase.H2.fresh();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String email = (i % 8 == 3 ? "hard" : "ok") + i + "@example.com";
            rows.add(new Object[] {email, email});
        }
        new JdbcTemplate(ds).batchUpdate("""
                insert into subscriber (email, email_key, status, created_at, updated_at)
                values (?, ?, 'confirmed', current_timestamp, current_timestamp)""", rows);
        SendGuardProperties guard = Config.bind(SendGuardProperties.class, "min-delivered=100");
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(0)) {
            Engines e = new Engines(ds, Engines.props(1, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 0, null), smtp.port(),
                    Engines.content(1_000), guard);
            e.service.start(ISSUE);

            assertThat(e.engine.run(ISSUE, null)).isEqualTo(SendState.PAUSED);

            SendProgress p = e.service.progress(ISSUE).orElseThrow();
            assertThat(p.pauseReason()).matches("hard bounces: \\d+ of 1\\d\\d delivered \\(\\d+\\.\\d\\d%\\) exceed the limit of 5\\.00%.*");
            assertThat(p.remaining()).as("stopped when the limit was passed, not at the end").isGreaterThan(200);
            assertThat(e.feedback.report(ISSUE)).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo(SendFeedback.Kind.HARD);
                assertThat(c.reason()).isEqualTo("refused when sent (5.1.1)");
            });
        }
    }
}
