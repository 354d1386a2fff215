package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.CatalogRepository;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.digest.DigestFixtures;
import com.verdictdigest.support.TestDatabase;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;

/** {@code digest preview|list|approve|test-send}, run in-process against one H2 database. */
class DigestCommandTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run run(String url, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VerdictCli.commandLine(new VerdictCli(Map.of("spring.datasource.url", url,
                "spring.mail.host", "127.0.0.1", "spring.mail.port", greenMail.getSmtp().getPort(),
                "verdict.digest.start", DigestFixtures.WINDOW_START.toString())));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void previewWorksBeforeAnyIssueThenListApproveAndTestSend() throws Exception {
        String url = TestDatabase.H2.freshUrl();

        Run empty = run(url, "digest", "preview", "--out", dir.resolve("empty").toString());
        assertThat(empty.code()).as(empty.err()).isZero();
        assertThat(empty.out()).contains("Next issue #1 (not stored yet): 0 comparisons, 0 new tools", "lint:");
        assertThat(Files.readString(dir.resolve("empty/issue.html"))).contains("<html");
        assertThat(Files.readString(dir.resolve("empty/issue.txt"))).contains("Verdict Digest #1");

        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        CatalogImporter importer = new CatalogImporter(new CatalogRepository(JdbcClient.create(ds)),
                Clock.fixed(DigestFixtures.CUTOFF.minusSeconds(60), ZoneOffset.UTC));
        for (ComparisonInput in : DigestFixtures.inputs()) {
            importer.store(in, null);
        }

        Run preview = run(url, "digest", "preview", "--out", dir.resolve("next").toString());
        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("3 comparisons, 6 new tools", "lint: no findings");
        assertThat(Files.readString(dir.resolve("next/issue.html"))).contains("Pixel Forge vs Canvas Kit");

        assertThat(run(url, "digest", "list").out()).contains("No issues yet.");
        new com.verdictdigest.digest.DigestIssuesTestAccess(ds).createIssue();
        Run listed = run(url, "digest", "list");
        assertThat(listed.out()).containsPattern("(?m)^1  draft  ");
        assertThat(listed.out()).contains("Runs, newest first:").containsPattern("(?m)^\\S.*  test  +created issue #1$");

        Run approve = run(url, "digest", "approve", "1");
        assertThat(approve.code()).as(approve.err()).isZero();
        assertThat(approve.out()).contains("Issue #1 approved", "send started: issue 1: done, 0 recipients");
        Run again = run(url, "digest", "approve", "1");
        assertThat(again.code()).isEqualTo(2);
        // Nobody subscribes here: a send with nobody to mail is finished at once, and so is its issue.
        assertThat(again.err()).contains("Issue #1 is sent; only a draft can be approved.");
        assertThat(run(url, "digest", "approve", "7").err()).contains("There is no digest issue #7.");

        Run send = run(url, "digest", "test-send", "1", "--to", "ed@example.org");
        assertThat(send.code()).as(send.err()).isZero();
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(greenMail.getReceivedMessages()[0].getSubject()).startsWith("[TEST] Verdict Digest #1: ");
        Run bad = run(url, "digest", "test-send", "1", "--to", "not-an-address");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--to:");
    }
}
