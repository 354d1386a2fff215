package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.mail.DkimKeys;
import com.verdictdigest.support.TestDatabase;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;

/** {@code send ...} and {@code dkim keygen} as an operator runs them, on a real database and SMTP server. */
class SendCommandTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    record Result(int code, String out, String err) {
    }

    static Result cli(Map<String, Object> props, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VerdictCli.commandLine(new VerdictCli(props));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void sendStartMailsEveryoneOnceAndStatusPauseCancelSayWhereItStands() {
        JdbcDataSource ds = (JdbcDataSource) TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        for (int i = 0; i < 5; i++) {
            jdbc.sql("""
                    insert into subscriber (email, email_key, status, created_at, updated_at)
                    values (:e, :e, 'confirmed', current_timestamp, current_timestamp)""")
                    .param("e", "cli" + i + "@example.com").update();
        }
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", ds.getURL());
        props.put("spring.mail.host", "127.0.0.1");
        props.put("spring.mail.port", greenMail.getSmtp().getPort());
        props.put("verdict.test.issue-content", "true");

        Result start = cli(props, "send", "start", "9");
        assertThat(start.code()).as(start.err()).isZero();
        assertThat(start.out()).contains("issue 9: queued for 5 subscribers").contains("issue 9: done, 5 recipients: 5 sent, 0 failed");
        assertThat(greenMail.getReceivedMessages()).hasSize(5);

        Result again = cli(props, "send", "start", "9");
        assertThat(again.out()).contains("already started (done); nobody added");
        assertThat(greenMail.getReceivedMessages()).hasSize(5);

        assertThat(cli(props, "send", "status", "9").out()).contains("5 sent, 0 failed, 0 skipped, 0 remaining");
        Result pause = cli(props, "send", "pause", "9");
        assertThat(pause.code()).isEqualTo(2);
        assertThat(pause.err()).contains("issue 9 is done, not running");
        Result unknown = cli(props, "send", "status", "10");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("issue 10 has no send");
    }

    @Test
    void planShowsTheWavesBeforeStartingAndALocalTimeSendShowsThemInItsStatus() {
        JdbcDataSource ds = (JdbcDataSource) TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        String[][] readers = {{"tokyo1", "Asia/Tokyo"}, {"tokyo2", "Asia/Tokyo"}, {"berlin", "Europe/Berlin"},
                {"paris", "Europe/Paris"}, {"ny", "America/New_York"}, {"nowhere", null}};
        for (String[] r : readers) {
            jdbc.sql("""
                    insert into subscriber (email, email_key, status, time_zone, created_at, updated_at)
                    values (:e, :e, 'confirmed', :z, current_timestamp, current_timestamp)""")
                    .param("e", r[0] + "@example.com").param("z", r[1]).update();
        }
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", ds.getURL());
        props.put("spring.mail.host", "127.0.0.1");
        props.put("spring.mail.port", greenMail.getSmtp().getPort());
        props.put("verdict.test.issue-content", "true");

        Result plan = cli(props, "send", "plan", "12", "--local-time", "08:00", "--at", "2026-11-22T18:00:00Z");
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("issue 12 at 08:00 in each reader's time zone, starting 2026-11-22T18:00:00Z: "
                + "6 readers in 4 waves; the last at 2026-11-23T13:00:00Z (19h after the start)");
        assertThat(plan.out().lines().filter(l -> l.matches("\\d+ .*")).toList()).containsExactly(
                "1     2026-11-22T23:00:00Z        2  Asia/Tokyo (2)",
                "2     2026-11-23T07:00:00Z        2  Europe/Berlin (1), Europe/Paris (1)",
                "3     2026-11-23T08:00:00Z        1  UTC (1)",
                "4     2026-11-23T13:00:00Z        1  America/New_York (1)");
        Result now = cli(props, "send", "plan", "12", "--now");
        assertThat(now.out()).contains("to everyone at once").contains("6 readers in 1 wave;");
        Result bad = cli(props, "send", "plan", "12", "--local-time", "8am");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--local-time: '8am' is not a local time: give HH:MM");

        Result dry = cli(props, "send", "start", "12", "--local-time", "08:00", "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("issue 12 at 08:00 in each reader's time zone").contains("6 readers in 4 waves")
                .contains("Asia/Tokyo (2)").contains("dry run: nothing started");
        assertThat(cli(props, "send", "status", "12").err()).as("a dry run starts nothing").contains("issue 12 has no send");

        Result start = cli(props, "send", "start", "12", "--local-time", "08:00", "--no-wait");
        assertThat(start.code()).as(start.err()).isZero();
        assertThat(start.out()).contains("issue 12: queued for 6 subscribers").contains("WAVE").contains("Asia/Tokyo (2)");
        Result status = cli(props, "send", "status", "12");
        assertThat(status.out()).contains("issue 12: running, 6 recipients").contains("at 08:00 in each reader's time zone:")
                .contains("Europe/Berlin (1), Europe/Paris (1)").contains("REMAINING");
        assertThat(cli(props, "send", "cancel", "12").out()).contains("issue 12: cancelled");
        assertThat(greenMail.getReceivedMessages()).as("--no-wait: this command sends nothing").isEmpty();
    }

    @Test
    void pausedSendsResumeAndCancelFromTheCommandLine() {
        JdbcDataSource ds = (JdbcDataSource) TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        jdbc.sql("""
                insert into subscriber (email, email_key, status, created_at, updated_at)
                values ('one@example.com', 'one@example.com', 'confirmed', current_timestamp, current_timestamp)""").update();
        Map<String, Object> props = Map.of("spring.datasource.url", ds.getURL(), "spring.mail.host", "127.0.0.1",
                "spring.mail.port", greenMail.getSmtp().getPort(), "verdict.test.issue-content", "true");

        assertThat(cli(props, "send", "start", "3", "--no-wait").out()).contains("queued for 1 subscribers").contains("running");
        Result paused = cli(props, "send", "pause", "3", "--reason", "typo in the intro");
        assertThat(paused.out()).contains("issue 3: paused (typo in the intro)");
        // What came back so far, as bounce processing records it on the copy: status shows it by reason.
        jdbc.sql("update delivery_ledger set feedback = 'hard', feedback_reason = 'user unknown' where issue_number = 3").update();
        assertThat(cli(props, "send", "status", "3").out()).contains("issue 3: paused (typo in the intro)",
                "  complaints: 0", "  hard bounces: 1 (user unknown 1)", "  soft bounces: 0");
        Result cancelled = cli(props, "send", "cancel", "3");
        assertThat(cancelled.out()).contains("issue 3: cancelled").contains("1 skipped");
        assertThat(cli(props, "send", "resume", "3").err()).contains("issue 3 is cancelled, not paused");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    /** Regression: the send was cancelled and its issue said "sending" for good (and could not be cancelled either). */
    @Test
    void cancellingASendFromTheCliCancelsItsIssue() {
        JdbcDataSource ds = (JdbcDataSource) TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        jdbc.sql("""
                insert into subscriber (email, email_key, status, created_at, updated_at)
                values ('cancel-reader@example.com', 'cancel-reader@example.com', 'confirmed',
                        current_timestamp, current_timestamp)""").update();
        jdbc.sql("""
                insert into digest_issue (number, state, subject, window_start, window_end, created_at, updated_at)
                values (8, 'approved', 'To be cancelled', timestamp with time zone '2026-11-01 00:00:00Z',
                        timestamp with time zone '2026-11-08 00:00:00Z', current_timestamp, current_timestamp)""").update();
        Map<String, Object> props = Map.of("spring.datasource.url", ds.getURL(), "spring.mail.host", "127.0.0.1",
                "spring.mail.port", greenMail.getSmtp().getPort(), "verdict.test.issue-content", "true");
        assertThat(cli(props, "send", "start", "8", "--no-wait").out()).contains("queued for 1 subscribers");
        assertThat(jdbc.sql("select state from digest_issue where number = 8").query(String.class).single()).isEqualTo("sending");

        Result cancelled = cli(props, "send", "cancel", "8");

        assertThat(cancelled.code()).as(cancelled.err()).isZero();
        assertThat(cancelled.out()).contains("issue 8: cancelled");
        assertThat(jdbc.sql("select state from digest_issue where number = 8").query(String.class).single()).isEqualTo("cancelled");
        assertThat(jdbc.sql("""
                select actor from digest_issue_event e join digest_issue i on i.id = e.issue_id
                 where i.number = 8 and e.action = 'cancelled'""").query(String.class).single()).startsWith("cli:");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void dkimKeygenWritesAUsableKeyAndPrintsTheDnsRecord(@TempDir Path dir) throws Exception {
        Map<String, Object> props = Map.of("spring.datasource.url", TestDatabase.H2.freshUrl());

        Result r = cli(props, "dkim", "keygen", "--selector", "vd2026", "--out", dir.toString(), "--domain", "news.example.org");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("vd2026._domainkey.news.example.org. IN TXT ( \"v=DKIM1; k=rsa; p=MII");
        assertThat(DkimKeys.readPrivateKey(dir.resolve("vd2026.private.pem")).getModulus().bitLength()).isEqualTo(2048);
        assertThat(Files.readString(dir.resolve("vd2026.txt"))).startsWith("vd2026._domainkey.news.example.org.");
        Result twice = cli(props, "dkim", "keygen", "--selector", "vd2026", "--out", dir.toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).contains("exists already");
        assertThat(cli(props, "dkim", "keygen", "--selector", "bad selector", "--out", dir.toString()).err())
                .contains("one DNS label");
    }

    @Test
    void aDraftIssueIsNotSentFromTheCli() {
        JdbcDataSource ds = (JdbcDataSource) TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        jdbc.sql("""
                insert into subscriber (email, email_key, status, created_at, updated_at)
                values ('draft-reader@example.com', 'draft-reader@example.com', 'confirmed',
                        current_timestamp, current_timestamp)""").update();
        jdbc.sql("""
                insert into digest_issue (number, state, subject, window_start, window_end, created_at, updated_at)
                values (5, 'draft', 'Not yet', timestamp with time zone '2026-11-01 00:00:00Z',
                        timestamp with time zone '2026-11-08 00:00:00Z', current_timestamp, current_timestamp)""").update();
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", ds.getURL());
        props.put("spring.mail.host", "127.0.0.1");
        props.put("spring.mail.port", greenMail.getSmtp().getPort());

        Result r = cli(props, "send", "start", "5");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("issue 5 is draft: approve it first");
        assertThat(jdbc.sql("select count(*) from delivery_ledger").query(Long.class).single()).isZero();
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    /** Regression: the digest started the send, and the command then "started" it again and said "already started". */
    @Test
    void anApprovedIssueStartedFromTheCliSaysItWasQueuedAndIsMarkedSending() {
        JdbcDataSource ds = (JdbcDataSource) TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        jdbc.sql("""
                insert into subscriber (email, email_key, status, created_at, updated_at)
                values ('approved-reader@example.com', 'approved-reader@example.com', 'confirmed',
                        current_timestamp, current_timestamp)""").update();
        jdbc.sql("""
                insert into digest_issue (number, state, subject, window_start, window_end, created_at, updated_at)
                values (6, 'approved', 'Ready', timestamp with time zone '2026-11-01 00:00:00Z',
                        timestamp with time zone '2026-11-08 00:00:00Z', current_timestamp, current_timestamp)""").update();
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", ds.getURL());
        props.put("spring.mail.host", "127.0.0.1");
        props.put("spring.mail.port", greenMail.getSmtp().getPort());
        props.put("verdict.test.issue-content", "true");

        Result r = cli(props, "send", "start", "6", "--no-wait");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("issue 6: queued for 1 subscribers").doesNotContain("already started");
        assertThat(jdbc.sql("select state from digest_issue where number = 6").query(String.class).single()).isEqualTo("sending");
        assertThat(jdbc.sql("select count(*) from delivery_ledger where issue_number = 6").query(Long.class).single()).isEqualTo(1L);
    }
}
