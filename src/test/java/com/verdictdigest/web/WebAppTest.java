package com.verdictdigest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.catalog.Panel;
import com.verdictdigest.catalog.Persona;
import com.verdictdigest.catalog.Review;
import com.verdictdigest.catalog.SideInput;
import com.verdictdigest.catalog.ToolInput;
import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The web app as a browser sees it: catalog page, escaping, and the doors that need a login. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebAppTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase.H2::freshUrl);
    }

    @LocalServerPort
    int port;

    @Autowired
    CatalogImporter importer;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static SideInput side(String name, int shipPct) {
        return new SideInput(new ToolInput(name, null, "Developer Tools", "A tagline", null, "Free", "Entry", null, null),
                new Panel(Verdict.SHIP, 3, 1, shipPct), null,
                List.of(new Review(Persona.BUILDER, "Fine.", 80, Verdict.SHIP)));
    }

    @Test
    void catalogListsComparisonsNewestFirstWithVerdictsAndEscapesToolText() throws Exception {
        importer.store(new ComparisonInput(null, Instant.parse("2026-11-01T00:00:00Z"), side("Older One", 75),
                side("Older Two", 50)), null);
        importer.store(new ComparisonInput(null, Instant.parse("2026-11-10T00:00:00Z"),
                side("<script>alert(1)</script>", 75), side("Newer Two", 25)), null);

        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(body.indexOf("Newer Two")).isPositive().isLessThan(body.indexOf("Older Two"));
        assertThat(body).contains("3 ship / 1 skip", "75% panel ship");
    }

    @Test
    void editorAndAdminPagesAskForALogin() throws Exception {
        for (String path : List.of("/editor", "/admin")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).as(path).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        }
        HttpResponse<String> login = get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"_csrf\"", "name=\"password\"");
    }

    @Test
    void healthIsPublicButMetricsAreNot() throws Exception {
        // No mail server in this test: the whole health is DOWN (503) but still answered without a login;
        // liveness and readiness do not depend on SMTP.
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"");
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/metrics").statusCode()).as("actuator asks for HTTP Basic").isEqualTo(401);
    }
}
