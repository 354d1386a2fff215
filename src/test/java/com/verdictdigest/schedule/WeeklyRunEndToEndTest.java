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
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.delivery.DkimKeys;
import com.verdictdigest.delivery.SendService;
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
 * The whole week in one test: the Quartz cron fires, the weekly run starts the send, the
 * background sender delivers signed mail to GreenMail; the cron fires again and nobody gets a
 * second copy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class WeeklyRunEndToEndTest {

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
        r.add("verdict.delivery.poll-interval", () -> "PT0.2S");
        r.add("verdict.delivery.dkim.enabled", () -> "true");
        r.add("verdict.delivery.dkim.selector", () -> "wk");
        r.add("verdict.delivery.dkim.key-file", key::toString);
        r.add("verdict.test.issue-content", () -> "true");
    }

    /** Stands in for the digest's weekly run: every fire of one week is the same issue. */
    @TestConfiguration
    static class Week {
        @Bean
        @org.springframework.context.annotation.Primary // over the digest's real one
        WeeklyRun weeklyRun(SendService sends) {
            return at -> {
                SendService.Started s = sends.start(47);
                return "issue 47: " + (s.created() ? "send started for " + s.enqueued() : "already started");
            };
        }

        @Bean
        Object subscribersBeforeTheFirstFire(JdbcClient jdbc) {
            for (int i = 0; i < 12; i++) {
                jdbc.sql("""
                        insert into subscriber (email, email_key, name, status, token, created_at, updated_at)
                        values (:e, :e, :n, 'confirmed', :t, current_timestamp, current_timestamp)""")
                        .param("e", "weekly" + i + "@example.com").param("n", "Weekly Reader " + i).param("t", "wk" + i).update();
            }
            return "seeded";
        }
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WeeklySchedule schedule;

    @Test
    void theCronFiresTheSendArrivesSignedAndASecondFireSendsNothingMore() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> greenMail.getReceivedMessages().length >= 12);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from schedule_run where outcome = 'ran'")
                .query(Long.class).single() >= 2);
        Thread.sleep(1000);

        MimeMessage[] got = greenMail.getReceivedMessages();
        assertThat(got).hasSize(12);
        assertThat(Arrays.stream(got).map(m -> header(m, "To")).collect(Collectors.toSet())).hasSize(12);
        MimeMessage one = got[0];
        assertThat(header(one, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(header(one, "Message-ID")).matches("<digest-47-\\d+@verdicts.example.com>");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        one.writeTo(raw);
        assertThat(com.verdictdigest.delivery.DkimTestAccess.verifies(raw.toByteArray(), KEYS.getPublic())).isTrue();

        assertThat(jdbc.sql("select detail from schedule_run where outcome = 'ran' order by scheduled_for")
                .query(String.class).list()).startsWith("issue 47: send started for 12").contains("issue 47: already started");
        assertThat(jdbc.sql("select count(*) from delivery_ledger where issue_number = 47 and state = 'sent'")
                .query(Long.class).single()).isEqualTo(12);
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
