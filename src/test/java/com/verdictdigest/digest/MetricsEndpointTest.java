package com.verdictdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.bounces.BounceProcessor;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What an operator scrapes and probes: {@code /actuator/prometheus} (admins, HTTP Basic) shows the
 * send, its queue, bounces and complaints by reason, sign-ups and confirmations; the health groups
 * say whether to route traffic (database) apart from whether mail works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsEndpointTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", TestDatabase.H2::freshUrl);
        r.add("spring.mail.host", () -> "127.0.0.1");
        r.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
        r.add("verdict.schedule.enabled", () -> "false");
        r.add("verdict.security.users[0].username", () -> "ops");
        r.add("verdict.security.users[0].password", () -> "{noop}ops-password");
        r.add("verdict.security.users[0].roles", () -> "ADMIN");
    }

    @LocalServerPort
    int port;
    @Autowired
    CatalogImporter catalog;
    @Autowired
    IssueLifecycle lifecycle;
    @Autowired
    DigestIssues issues;
    @Autowired
    BounceProcessor bounces;
    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String path, String basicAuth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (basicAuth != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void prometheusShowsTheSendTheQueueBouncesComplaintsSignupsAndConfirmations() throws Exception {
        LifecycleFixture.readers(jdbc, 3);
        int number = LifecycleFixture.draft(catalog, lifecycle);
        lifecycle.approve(number, "editor");
        await().atMost(Duration.ofSeconds(20)).until(() -> issues.require(number).state() == IssueState.SENT);
        bounces.process(fixture("gmail-550-5.1.1-no-such-user.eml"), false);
        bounces.process(fixture("arf-yahoo-complaint.eml"), false);
        HttpResponse<String> signup = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/public/subscribe"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"metered@example.com\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signup.statusCode()).isEqualTo(202);

        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "ops:wrong").statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> scrape = get("/actuator/prometheus", "ops:ops-password");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body())
                    .containsPattern("(?m)^verdict_delivery_sent_total(\\{[^}]*})? 3\\.0$")
                    .containsPattern("(?m)^verdict_delivery_failed_total(\\{[^}]*})? 0\\.0$")
                    .containsPattern("(?m)^verdict_delivery_queue(\\{[^}]*})? 0\\.0$")
                    .containsPattern("(?m)^verdict_bounces_total\\{kind=\"hard\",reason=\"user unknown\"} 1\\.0$")
                    .containsPattern("(?m)^verdict_bounces_total\\{kind=\"complaint\",reason=\"complaint\"} 1\\.0$")
                    .containsPattern("(?m)^verdict_subscribers_signups_total(\\{[^}]*})? 1\\.0$")
                    .containsPattern("(?m)^verdict_subscribers_outbox_total\\{result=\"confirmation-sent\"} 1\\.0$")
                    .containsPattern("(?m)^verdict_subscribers_confirmations_total(\\{[^}]*})? 0\\.0$");
        });
    }

    @Test
    void readinessFollowsTheDatabaseAndTheMailGroupFollowsSmtp() throws Exception {
        HttpResponse<String> liveness = get("/actuator/health/liveness", null);
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        HttpResponse<String> mail = get("/actuator/health/mail", "ops:ops-password");

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(mail.statusCode()).isEqualTo(200);
        assertThat(mail.body()).contains("\"smtp\"", "\"bounceMailbox\"", "UNKNOWN");
        assertThat(get("/actuator/health/readiness", "ops:ops-password").body()).contains("\"db\"").doesNotContain("smtp");
    }

    static byte[] fixture(String name) throws Exception {
        return Objects.requireNonNull(MetricsEndpointTest.class.getResourceAsStream("/bounces/" + name)).readAllBytes();
    }
}
