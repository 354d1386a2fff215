package com.verdictdigest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.verdictdigest.support.MutableClock;
import com.verdictdigest.support.TestDatabase;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Wrong passwords lock the user name (and, from one address, every user name) for a while: the
 * right password is refused too until the lock passes on the application's clock. Each refusal
 * is recorded and the admin sees them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(LoginThrottleTest.Clocks.class)
class LoginThrottleTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        String url = TestDatabase.H2.freshUrl();
        r.add("spring.datasource.url", () -> url);
        r.add("verdict.web.trusted-proxies", () -> "127.0.0.1/32"); // each test is its own client
        r.add("verdict.security.users[0].username", () -> "ada");
        r.add("verdict.security.users[0].password", () -> "{noop}right-password");
        r.add("verdict.security.users[0].roles", () -> "ADMIN");
        r.add("verdict.security.users[1].username", () -> "bob");
        r.add("verdict.security.users[1].password", () -> "{noop}bobs-password");
        r.add("verdict.security.users[1].roles", () -> "EDITOR");
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** @return where the login sent the browser */
    String login(String client, String user, String password) throws Exception {
        String page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("X-Forwarded-For", client).build(), HttpResponse.BodyHandlers.ofString()).body();
        String csrf = Jsoup.parse(page).selectFirst("input[name=_csrf]").val();
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(302);
        return r.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void fiftyWrongPasswordsLockTheUserAndTheRightOneIsRefusedUntilTheLockPasses() throws Exception {
        int refusedAsWrong = 0;
        int refusedAsLocked = 0;
        for (int i = 0; i < 50; i++) {
            // From many addresses, as a distributed guesser would: the per-user lock still holds.
            String where = login("198.51.100." + (i % 40 + 1), "ada", "guess-" + i);
            if (where.endsWith("/login?error")) {
                refusedAsWrong++;
            } else {
                assertThat(where).contains("/login?locked=");
                refusedAsLocked++;
            }
        }
        assertThat(refusedAsWrong).as("passwords looked at before the lock").isEqualTo(5);
        assertThat(refusedAsLocked).isEqualTo(45);

        assertThat(login("192.0.2.10", "ada", "right-password")).as("the right password, while locked").contains("/login?locked=");
        assertThat(login("192.0.2.10", "bob", "bobs-password")).as("another user is not locked").doesNotContain("/login");

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(login("192.0.2.11", "ada", "right-password")).as("once the lock has passed").doesNotContain("/login");

        assertThat(jdbc.sql("select count(*) from web_login_failure where username = 'ada'").query(Long.class).single())
                .isEqualTo(51);
        String page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/logins")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(Jsoup.parse(page).select("#login-failures tbody tr").stream()
                .filter(tr -> tr.child(1).text().equals("ada"))).hasSize(51);
        assertThat(page).contains("198.51.100.1", "wrong user name or password", "locked");
    }

    @Test
    void manyUserNamesFromOneAddressLockTheAddress() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(login("203.0.113.77", "user" + i, "x")).endsWith("/login?error");
        }
        assertThat(login("203.0.113.77", "bob", "bobs-password")).as("the address is locked").contains("/login?locked=");
        assertThat(login("203.0.113.78", "bob", "bobs-password")).as("another address is not").doesNotContain("/login");
    }
}
