package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import com.verdictdigest.support.Browserless;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With the mail server unreachable a sign-up says so (503) and records nothing: no token without its mail. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignupWithMailDownTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String url = TestDatabase.H2.freshUrl();
        int closedPort = closedPort();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> closedPort);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aSignupWhoseMailCannotBeSentIsRefusedAndLeavesNoTrace() {
        Browserless browser = new Browserless("http://localhost:" + port);
        var page = browser.submit("/subscribe", "/subscribe", Map.of("email", List.of("patient@example.com")));
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("could not send the confirmation mail");

        var api = browser.postJson("/api/public/subscribe", "{\"email\":\"patient@example.com\"}");
        assertThat(api.statusCode()).isEqualTo(503);

        assertThat(jdbc.sql("select count(*) from subscriber").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from confirmation_token").query(Long.class).single()).isZero();
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
