package com.verdictdigest.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.catalog.Panel;
import com.verdictdigest.catalog.Persona;
import com.verdictdigest.catalog.Review;
import com.verdictdigest.catalog.SideInput;
import com.verdictdigest.catalog.ToolInput;
import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.mail.DkimKeys;
import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.IssueState;
import com.verdictdigest.support.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole week in one test, with the real digest: the Quartz cron fires, the weekly run closes
 * the window into an issue that approves itself and starts its send at once, the background
 * sender delivers signed mail to GreenMail, and the issue ends up sent; the cron fires again,
 * finds nothing new, and nobody gets a second copy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class WeeklyRunEndToEndIT {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    static final KeyPair KEYS = DkimKeys.generate();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        Path key = Files.createTempFile("dkim", ".pem");
        key.toFile().deleteOnExit();
        Files.writeString(key, DkimKeys.privatePem(KEYS));
        r.add("spring.datasource.url", TestDatabase.H2::freshUrl);
        r.add("spring.mail.host", () -> "127.0.0.1");
        r.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
        r.add("verdict.schedule.cron", () -> "0/3 * * * * ?");
        r.add("verdict.delivery.poll-interval", () -> "200ms");
        r.add("verdict.delivery.dkim.enabled", () -> "true");
        r.add("verdict.delivery.dkim.selector", () -> "wk");
        r.add("verdict.delivery.dkim.key-file", key::toString);
        r.add("verdict.digest.require-approval", () -> "false");
    }

    /** A comparison published yesterday and twelve confirmed readers, in place before the first fire. */
    @TestConfiguration
    static class Week {
        @Bean
        Object catalogAndSubscribersBeforeTheFirstFire(JdbcClient jdbc, CatalogImporter catalog) {
            SideInput a = new SideInput(new ToolInput("Weekly Alpha", null, "Developer Tools", "First tool", null,
                    "Free", "Entry", null, null), new Panel(Verdict.SHIP, 4, 0, 100), null,
                    List.of(new Review(Persona.BUILDER, "Solid primitive.", 90, Verdict.SHIP)));
            SideInput b = new SideInput(new ToolInput("Weekly Beta", null, "Developer Tools", "Second tool", null,
                    "Paid", "Pro", null, null), new Panel(Verdict.SHIP, 3, 1, 75), null,
                    List.of(new Review(Persona.FOUNDER, "No moat.", 40, Verdict.SKIP)));
            catalog.store(new ComparisonInput(null, Instant.now().minus(Duration.ofDays(1)), a, b), null);
            for (int i = 0; i < 12; i++) {
                jdbc.sql("""
                        insert into subscriber (email, email_key, name, status, created_at, updated_at)
                        values (:e, :e, :n, 'confirmed', current_timestamp, current_timestamp)""")
                        .param("e", "weekly" + i + "@example.com").param("n", "Weekly Reader " + i).update();
            }
            // Follows only a category this week has nothing in: skipped, never sent an empty digest.
            jdbc.sql("""
                    insert into subscriber (email, email_key, status, categories, created_at, updated_at)
                    values ('images@example.com', 'images@example.com', 'confirmed',
                            'Image Generation', current_timestamp, current_timestamp)""").update();
            return "seeded";
        }
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WeeklySchedule schedule;

    @Autowired
    DigestIssues issues;

    @Test
    void theCronFiresTheSendArrivesSignedAndASecondFireSendsNothingMore() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> greenMail.getReceivedMessages().length >= 12);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from schedule_run where outcome = 'ran'")
                .query(Long.class).single() >= 2);
        // A sent issue has nothing left to send: the count of mails is final from here on.
        await().atMost(Duration.ofSeconds(20)).until(() -> issues.require(1).state() == IssueState.SENT);

        MimeMessage[] got = greenMail.getReceivedMessages();
        assertThat(got).hasSize(12);
        assertThat(Arrays.stream(got).map(m -> header(m, "To")).collect(Collectors.toSet())).hasSize(12);
        MimeMessage one = got[0];
        assertThat(header(one, "Subject")).startsWith("Verdict Digest #1").contains("Weekly Alpha vs Weekly Beta");
        assertThat(header(one, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        // Link tokens are recomputed (id-MAC), never stored; no mailbox is polled here, so no mailto.
        assertThat(header(one, "List-Unsubscribe")).containsPattern("^<http://localhost:8080/unsubscribe/\\d+-[0-9a-f]{32}>$")
                .doesNotContain("mailto:");
        assertThat(header(one, "List-Id")).contains("verdicts.example.com>");
        assertThat(header(one, "Message-ID")).matches("<digest-1-\\d+-[0-9a-f]{32}@verdicts.example.com>");
        assertThat(header(one, "Return-Path")).matches("<bounces\\+1-\\d+-[0-9a-f]{32}@verdicts.example.com>");
        assertThat(GreenMailUtil.getBody(one)).contains("4 ship / 0 skip", "Founder says skip");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        one.writeTo(raw);
        assertThat(com.verdictdigest.mail.DkimTestAccess.verifies(raw.toByteArray(), KEYS.getPublic())).isTrue();

        List<String> runs = jdbc.sql("select detail from schedule_run where outcome = 'ran' order by scheduled_for")
                .query(String.class).list();
        assertThat(runs.get(0)).isEqualTo("issue 1 approved by itself; sending to 13 subscribers");
        assertThat(runs.subList(1, runs.size())).containsOnly("nothing new since the last issue: nothing to send");
        assertThat(jdbc.sql("select count(*) from delivery_ledger where issue_number = 1 and state = 'sent'")
                .query(Long.class).single()).isEqualTo(12);
        assertThat(jdbc.sql("select error from delivery_ledger where issue_number = 1 and email = 'images@example.com'")
                .query(String.class).single()).isEqualTo("nothing in this issue for the subscriber's categories");
        assertThat(issues.list(10)).hasSize(1);
        WeeklySchedule.Status status = schedule.status();
        assertThat(status.nextFire()).isAfter(Instant.now().minusSeconds(1));
        assertThat(status.cron()).isEqualTo("0/3 * * * * ?");
        assertThat(status.recent()).isNotEmpty();
    }

    static String header(MimeMessage m, String name) {
        try {
            return jakarta.mail.internet.MimeUtility.unfold(m.getHeader(name)[0]);
        } catch (jakarta.mail.MessagingException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
