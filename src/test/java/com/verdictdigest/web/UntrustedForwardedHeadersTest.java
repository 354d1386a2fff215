package com.verdictdigest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Forwarded headers from a peer that is not a trusted proxy mean nothing: the client is the
 * socket's peer, for the consent evidence and the rate limits alike. No HSTS on an http site.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UntrustedForwardedHeadersTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        String url = TestDatabase.H2.freshUrl();
        r.add("spring.datasource.url", () -> url);
        r.add("verdict.web.trusted-proxies", () -> "10.0.0.0/8"); // not this test's 127.0.0.1
        r.add("spring.mail.host", () -> "127.0.0.1");
        r.add("spring.mail.port", () -> 9);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void xForwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/public/subscribe"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", "203.0.113.50").header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"spoof@example.com\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(jdbc.sql("select ip from subscriber_outbox union all select ip from subscriber_event")
                .query(String.class).list()).containsOnly("127.0.0.1");
    }
}
