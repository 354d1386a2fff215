package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.DatabaseMigrations;
import com.verdictdigest.system.SqlTime;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;

/** {@code bounces import} run in-process against an H2 database, over the whole fixture directory. */
class BouncesCommandTest {

    String url;
    JdbcClient jdbc;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void database() {
        url = TestDatabase.H2.freshUrl();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        DatabaseMigrations.migrate(ds);
        jdbc = JdbcClient.create(ds);
        subscriber("alice@example.org", "q7Hk2LmN9pR4sT1vW8xYzA");
        subscriber("ivan.full@gmail.com", "Iv4nFullMb0xTok3nQrStU");
        subscriber("mia@yahoo.com", "M1aArfTok3nLkJhGfDsA_q");
    }

    void subscriber(String email, String token) {
        EmailAddress a = EmailAddress.parse(email);
        jdbc.sql("""
                insert into subscriber (email, email_key, status, legacy_token_hash, created_at, updated_at)
                values (:email, :key, 'confirmed', :hash, :t, :t)""")
                .param("email", a.address()).param("key", a.key()).param("hash", com.verdictdigest.support.Identity.legacyTokenHash(token))
                .param("t", SqlTime.ts(java.time.Instant.parse("2026-11-01T00:00:00Z"))).update();
    }

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = VerdictCli.commandLine(new VerdictCli(Map.of("spring.datasource.url", url)));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    static Path fixtures() {
        try {
            return Path.of(BouncesCommandTest.class.getResource("/bounces").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    List<String> statuses() {
        return jdbc.sql("select status from subscriber order by id").query(String.class).list();
    }

    String line(String fileName) {
        return out.toString().lines().filter(l -> l.contains(fileName)).findFirst().orElseThrow(
                () -> new AssertionError("no line for " + fileName + " in:\n" + out));
    }

    @Test
    void aDryRunOverTheFixturesPrintsEveryMessageAndChangesNothing() {
        int code = run("bounces", "import", "--dry-run", fixtures().toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(line("postfix-5.1.1-user-unknown.eml"))
                .endsWith("postfix-5.1.1-user-unknown.eml  alice@example.org  5.1.1  user unknown  hard  nothing (dry run; would have: suppressed) [VERP (0.1)]");
        assertThat(line("gmail-452-4.2.2-over-quota.eml"))
                .endsWith("ivan.full@gmail.com  4.2.2  mailbox full  soft  nothing (dry run; would have: soft count 1/3) [VERP (0.1)]");
        assertThat(line("office365-5.7.606-banned-ip.eml"))
                .endsWith("grace@fabrikam.example  5.7.606  blocked (spam or policy)  soft  nothing (dry run; would have: no subscriber matched) [address only]");
        assertThat(line("arf-yahoo-complaint.eml")).endsWith("mia@yahoo.com  -  complaint (abuse)  complaint  nothing (dry run; would have: suppressed) [VERP (0.1)]");
        assertThat(line("out-of-office-autoreply.eml")).endsWith("(no recipient found)  -  vacation/auto-reply  not a bounce  nothing (dry run)");
        assertThat(line("unsubscribe-by-mail.eml")).endsWith("kai@example.com  -  unsubscribe request  unsubscribe  "
                + "nothing (dry run; would have: no subscriber matched (unknown unsubscribe token))");
        assertThat(line("exim-unrouteable-address.eml")).endsWith("tara@no-such-domain.example  -  host unknown  hard  nothing (dry run; would have: no subscriber matched) [address only]");
        assertThat(line("several-messages.mbox#1")).contains("tom@example.org  5.1.1  user unknown  hard");
        assertThat(line("several-messages.mbox#4")).contains("victor@example.net  5.2.2  mailbox full  soft");
        assertThat(line("garbage.eml")).contains("cannot parse: binary data");
        assertThat(line("garbage-text.eml")).contains("cannot parse: does not start with a mail header");
        assertThat(out.toString()).doesNotContain("README");
        assertThat(out.toString().lines().reduce((a, b) -> b).orElseThrow())
                .isEqualTo("61 message(s): 26 hard, 20 soft, 6 complaint(s), 1 unsubscribe request(s), 6 not a bounce, 2 unparseable (dry run: nothing changed)");

        assertThat(statuses()).containsOnly("confirmed");
        assertThat(count("suppression")).isZero();
        assertThat(count("subscriber_event")).isZero();
        assertThat(count("processed_bounce")).isZero();
        assertThat(jdbc.sql("select sum(soft_bounces) from subscriber").query(Integer.class).single()).isZero();
    }

    @Test
    void aRealImportActsAndASecondImportOfTheSameFilesChangesNothing() {
        Path alice = fixtures().resolve("postfix-5.1.1-user-unknown.eml");
        Path ivan = fixtures().resolve("gmail-452-4.2.2-over-quota.eml");

        assertThat(run("bounces", "import", alice.toString(), ivan.toString())).isZero();
        assertThat(line("postfix-5.1.1-user-unknown.eml")).endsWith("hard  suppressed [VERP (0.1)]");
        assertThat(line("gmail-452-4.2.2-over-quota.eml")).endsWith("soft  soft count 1/3 [VERP (0.1)]");
        assertThat(statuses()).containsExactly("bounced", "confirmed", "confirmed");

        assertThat(run("bounces", "import", alice.toString(), ivan.toString())).isZero();
        assertThat(line("gmail-452-4.2.2-over-quota.eml")).endsWith("soft  nothing (already processed) [VERP (0.1)]");
        assertThat(jdbc.sql("select soft_bounces from subscriber where email = 'ivan.full@gmail.com'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aFileThatCannotBeReadGivesExitCodeOneAfterTheOthersAreDone() {
        Path missing = fixtures().resolve("no-such-file.eml");

        int code = run("bounces", "import", missing.toString(), fixtures().resolve("arf-yahoo-complaint.eml").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("cannot read " + missing + ": no such file or directory");
        assertThat(line("arf-yahoo-complaint.eml")).endsWith("complaint  suppressed [VERP (0.1)]");
        assertThat(out.toString()).contains("1 file(s) unreadable");
    }

    @Test
    void aMailToTheUnsubscribeAddressUnsubscribesAndTheNextIssueDoesNotGoToThatReader(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        subscriber("kai@example.com", "Uns7bScr1b3Tok3nQaZwSx");
        Path mail = dir.resolve("unsubscribe.eml");
        java.nio.file.Files.copy(fixtures().resolve("unsubscribe-by-mail.eml"), mail);

        assertThat(run("bounces", "import", mail.toString())).as(err.toString()).isZero();
        assertThat(line("unsubscribe.eml")).endsWith("kai@example.com  -  unsubscribe request  unsubscribe  unsubscribed kai@example.com"
                + " [link token]");
        assertThat(run("bounces", "import", mail.toString())).isZero();
        assertThat(line("unsubscribe.eml")).contains("nothing (already processed)");

        assertThat(run("send", "start", "7", "--no-wait")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("issue 7: queued for 3 subscribers");
        assertThat(jdbc.sql("select email from delivery_ledger where issue_number = 7 order by email").query(String.class).list())
                .containsExactly("alice@example.org", "ivan.full@gmail.com", "mia@yahoo.com");
    }

    @Test
    void withoutFilesItIsAUsageError() {
        assertThat(run("bounces", "import")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter", "FILE|DIR");
        assertThat(run("bounces")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing command", "import");
    }
}
