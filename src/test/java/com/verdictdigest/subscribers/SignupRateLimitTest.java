package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.support.Browserless;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Sign-up requests are rate limited per address and per client IP (small limits configured here). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignupRateLimitTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String url = TestDatabase.H2.freshUrl();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
        registry.add("verdict.subscribers.per-ip.requests", () -> 6);
        registry.add("verdict.subscribers.per-address.requests", () -> 2);
    }

    @LocalServerPort
    int port;

    @Test
    void tooManyRequestsForOneAddressThenFromOneIpAreRefusedWith429() {
        // An accepted sign-up redirects to "check your inbox" (302); a refused one answers 429 on the form.
        Browserless browser = new Browserless("http://localhost:" + port);

        assertThat(signUp(browser, "flood@example.com")).isEqualTo(302);
        assertThat(signUp(browser, "flood@example.com")).isEqualTo(302);
        assertThat(signUp(browser, "flood@example.com")).as("third request for one address within the hour").isEqualTo(429);

        assertThat(signUp(browser, "b@example.com")).isEqualTo(302);
        assertThat(signUp(browser, "c@example.com")).isEqualTo(302);
        assertThat(signUp(browser, "d@example.com")).isEqualTo(302);
        assertThat(signUp(browser.stranger(), "e@example.com")).as("seventh request from one IP").isEqualTo(429);
        var api = browser.postJson("/api/public/subscribe", "{\"email\":\"f@example.com\"}");
        assertThat(api.statusCode()).isEqualTo(429);
        assertThat(api.headers().firstValue("Retry-After")).isPresent();
        // The mails go out after the answers (the sign-up outbox): wait for them, then check none more came.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> greenMail.getReceivedMessages().length >= 5);
        assertThat(greenMail.getReceivedMessages()).hasSize(5);
    }

    private static int signUp(Browserless browser, String email) {
        var r = browser.submit("/subscribe", "/subscribe", Map.of("email", List.of(email)));
        if (r.statusCode() == 429) {
            assertThat(r.body()).contains("too many sign-up requests");
        }
        return r.statusCode();
    }
}
