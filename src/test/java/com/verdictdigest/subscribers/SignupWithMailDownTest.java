package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.verdictdigest.support.Browserless;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * No mail is sent inside a sign-up request: with the mail server down the answer is the one it
 * always is, the request waits in the outbox, and its mail arrives once the server is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignupWithMailDownTest {

    static final int SMTP_PORT = closedPort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String url = TestDatabase.H2.freshUrl();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("verdict.subscribers.outbox.poll-interval", () -> "200ms");
        registry.add("verdict.subscribers.outbox.retry-backoff", () -> "200ms");
        registry.add("verdict.subscribers.outbox.max-backoff", () -> "400ms");
        registry.add("verdict.subscribers.outbox.max-attempts", () -> "1000");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theAnswerIsTheUsualOneWhileTheMailServerIsDownAndTheMailFollowsWhenItIsBack() throws Exception {
        Browserless browser = new Browserless("http://localhost:" + port);
        var page = browser.submitAndFollow("/subscribe", "/subscribe", Map.of("email", List.of("patient@example.com")));
        var api = browser.postJson("/api/public/subscribe", "{\"email\":\"patient@example.com\"}");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Check your inbox");
        assertThat(api.statusCode()).isEqualTo(202);
        assertThat(api.body()).contains("check-your-inbox");
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "select min(attempts) from subscriber_outbox").query(Integer.class).optional().orElse(0) >= 2);
        assertThat(jdbc.sql("select last_error from subscriber_outbox").query(String.class).list())
                .allSatisfy(e -> assertThat(e).contains("not sent"));
        assertThat(jdbc.sql("select count(*) from confirmation_token").query(Long.class).single())
                .as("no token without its mail").isZero();

        GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            assertThat(smtp.waitForIncomingEmail(20_000, 2)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from subscriber_outbox")
                    .query(Long.class).single() == 0);
            assertThat(smtp.getReceivedMessages()).extracting(m -> m.getSubject())
                    .containsExactly("Confirm your subscription to Verdict Digest", "Confirm your subscription to Verdict Digest");
            assertThat(jdbc.sql("select status from subscriber where email_key = 'patient@example.com'")
                    .query(String.class).single()).isEqualTo("pending");
        } finally {
            smtp.stop();
        }
    }

    /** A loopback port nobody listens on (bound, then released). */
    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
