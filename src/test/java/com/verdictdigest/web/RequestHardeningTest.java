package com.verdictdigest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.verdictdigest.support.Browserless;
import com.verdictdigest.support.TestDatabase;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a stranger can make a request cost, and what every answer carries: bodies bounded before
 * they are read, multipart refused before it is spooled, the real client behind a trusted proxy,
 * CSP, Referrer-Policy, HSTS and Secure cookies on an https site.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestHardeningTest {

    static final Path DATA = tempDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        String url = TestDatabase.H2.freshUrl();
        r.add("spring.datasource.url", () -> url);
        r.add("verdict.data-dir", DATA::toString);
        r.add("verdict.site.public-url", () -> "https://news.acme-verdicts.io");
        r.add("verdict.web.trusted-proxies", () -> "127.0.0.1/32");
        r.add("verdict.subscribers.per-ip", () -> "1/1h");
        r.add("spring.mail.host", () -> "127.0.0.1");
        r.add("spring.mail.port", () -> 9); // nothing is sent here: the outbox only retries
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder signup(String clientBehindProxy) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/public/subscribe"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", clientBehindProxy);
    }

    /** Sign-up requests recorded (or already worked) for addresses starting so. */
    long recorded(String prefix) {
        return jdbc.sql("select count(*) from subscriber_outbox where email like :p").param("p", prefix + "%").query(Long.class).single()
                + jdbc.sql("select count(*) from subscriber where email like :p").param("p", prefix + "%").query(Long.class).single();
    }

    @Test
    void aMegabyteToTheSignupApiIsRefusedBeforeItIsParsedOrCounted() throws Exception {
        String big = "{\"email\":\"" + "a".repeat(1024 * 1024) + "@example.com\"}";

        HttpResponse<String> declared = send(signup("198.51.100.7").POST(HttpRequest.BodyPublishers.ofString(big)));
        HttpResponse<String> chunked = send(signup("198.51.100.7").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))));

        for (HttpResponse<String> r : List.of(declared, chunked)) {
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(r.body()).contains("\"status\":413", "larger than 16384 bytes");
        }
        assertThat(recorded("aaaa")).isZero();
        // The rate limit (1 per hour for this client) never saw them: the first real request passes, the next does not.
        assertThat(send(signup("198.51.100.7").POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"ok@example.com\"}")))
                .statusCode()).isEqualTo(202);
        assertThat(send(signup("198.51.100.7").POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"ok@example.com\"}")))
                .statusCode()).isEqualTo(429);
    }

    @Test
    void theAppsJsonParserRefusesDeepNestingWithinTheSizeLimit() throws Exception {
        String deep = "{\"ignored\":" + "[".repeat(100) + "]".repeat(100) + ",\"email\":\"deep@example.com\"}";

        HttpResponse<String> r = send(signup("198.51.100.8").POST(HttpRequest.BodyPublishers.ofString(deep)));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("nesting depth");
        assertThat(recorded("deep@")).isZero();
    }

    @Test
    void multipartIsRefusedOnPublicFormsWithoutSpoolingAByte() throws Exception {
        Path spool = DATA.resolve("uploads/incoming");
        String filler = "x".repeat(200_000);
        Browserless browser = new Browserless("http://localhost:" + port);

        HttpResponse<String> subscribe = browser.postMultipart("/subscribe", Map.of("email", "m@example.com", "file", filler));
        HttpResponse<String> unsubscribe = browser.postMultipart("/unsubscribe/x", Map.of("List-Unsubscribe", "One-Click", "pad", filler));
        HttpResponse<String> preferences = browser.postMultipart("/preferences/x", Map.of("name", "x"));

        assertThat(subscribe.statusCode()).isEqualTo(415);
        assertThat(subscribe.body()).contains("only by the admin's CSV import");
        assertThat(unsubscribe.statusCode()).isEqualTo(413);
        assertThat(preferences.statusCode()).isEqualTo(415);
        assertThat(recorded("m@")).isZero();
        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files.toList()).as("nothing spooled to " + spool).isEmpty();
        }
    }

    @Test
    void theRealClientBehindATrustedProxyIsTheOneRecordedAndRateLimited() throws Exception {
        assertThat(send(signup("2001:db8:1:2::10").POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"v6@example.com\"}")))
                .statusCode()).isEqualTo(202);
        // Another address in the same /64 is the same client for the rate limit.
        assertThat(send(signup("2001:db8:1:2:ffff::1").POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"v6b@example.com\"}")))
                .statusCode()).isEqualTo(429);
        assertThat(send(signup("2001:db8:1:3::10").POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"v6c@example.com\"}")))
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from subscriber_outbox where email = 'v6@example.com'")
                .query(Long.class).single() == 1);
        assertThat(jdbc.sql("select ip from subscriber_outbox where email = 'v6@example.com'").query(String.class).single())
                .isEqualTo("2001:db8:1:2::10");
    }

    @Test
    void everyPageCarriesCspAndReferrerPolicyAndTheHttpsSiteHstsAndSecureCookies() throws Exception {
        for (String path : List.of("/", "/subscribe", "/login", "/archive", "/unsubscribe/x")) {
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)));
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'")
                            .doesNotContain("unsafe-eval").doesNotContainPattern("script-src[^;]*unsafe-inline"));
            assertThat(page.headers().firstValue("Referrer-Policy")).as(path).contains("strict-origin-when-cross-origin");
            assertThat(page.headers().firstValue("Strict-Transport-Security")).as(path).hasValueSatisfying(h -> assertThat(h).startsWith("max-age=31536000"));
            assertThat(Jsoup.parse(page.body()).select("script:not([src])")).as(path + ": inline scripts").isEmpty();
        }
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")));
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=").contains("Secure"));
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("verdict-web-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
