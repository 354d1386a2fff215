package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.verdictdigest.mail.ListMessageIds;
import com.verdictdigest.support.Browserless;
import com.verdictdigest.support.TestDatabase;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin's bounces page over HTTP: what came back by reason, the unverified bounces with a
 * way to act on one or dismiss it, and the reason in the subscriber's history.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BouncesAdminWebTest {

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", TestDatabase.H2::freshUrl);
        r.add("verdict.delivery.worker", () -> "false");
        r.add("verdict.security.users[0].username", () -> "admin");
        r.add("verdict.security.users[0].password", () -> "{noop}admin-pw");
        r.add("verdict.security.users[0].roles", () -> "ADMIN");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    BounceProcessor processor;
    @Autowired
    ListMessageIds ids;

    long subscriber(String email) {
        jdbc.sql("""
                insert into subscriber (email, email_key, status, created_at, updated_at, confirmed_at)
                values (:e, :e, 'confirmed', current_timestamp, current_timestamp, current_timestamp)""").param("e", email).update();
        return jdbc.sql("select id from subscriber where email = :e").param("e", email).query(Long.class).single();
    }

    @Test
    void anAdminSeesReasonsAndActsOnOrDismissesUnverifiedBounces() throws Exception {
        long ada = subscriber("ada@example.com");
        long bob = subscriber("bob@example.com");
        long alice = subscriber("alice@example.org");
        BounceProcessorTest.sent(jdbc, 12, alice);
        processor.process(ForgedReports.DSN.getBytes(StandardCharsets.US_ASCII), false);
        processor.process(ForgedReports.ARF.replace("ada@example.com", "bob@example.com").getBytes(StandardCharsets.US_ASCII), false);
        String verp = ids.verpToken(12, alice, ids.mac(12, alice));
        assertThat(processor.process(BounceProcessorTest.rewritten("postfix-5.1.1-user-unknown.eml", "q7Hk2LmN9pR4sT1vW8xYzA",
                verp, null), false).action()).isEqualTo("suppressed");

        Browserless admin = new Browserless("http://localhost:" + port);
        admin.submit("/login", "/login", Map.of("username", List.of("admin"), "password", List.of("admin-pw")));
        Document page = Jsoup.parse(admin.get("/admin/bounces").body());

        assertThat(page.select("#by-reason tbody tr").eachText()).contains("user unknown hard 2", "complaint complaint 1");
        assertThat(page.select("#unverified tbody tr").eachText()).hasSize(2)
                .anySatisfy(t -> assertThat(t).contains("ada@example.com", "user unknown (hard 5.1.1)"))
                .anySatisfy(t -> assertThat(t).contains("bob@example.com", "complaint (complaint)"));
        assertThat(page.select("#recent tbody tr").eachText()).anySatisfy(t -> assertThat(t).contains("user unknown", "VERP", "#12"));

        long adas = jdbc.sql("select id from unverified_bounce where claimed_address = 'ada@example.com'").query(Long.class).single();
        long bobs = jdbc.sql("select id from unverified_bounce where claimed_address = 'bob@example.com'").query(Long.class).single();
        String actOn = "/admin/bounces/unverified/" + adas + "/act";
        HttpResponse<String> acted = admin.submit("/admin/bounces", actOn, Map.of());
        assertThat(acted.statusCode()).isEqualTo(302);
        admin.submit("/admin/bounces", "/admin/bounces/unverified/" + bobs + "/dismiss", Map.of());

        Document after = Jsoup.parse(admin.get("/admin/bounces").body());
        assertThat(after.select("#unverified-" + adas).text()).contains("acted by admin");
        assertThat(after.select("#unverified-" + bobs).text()).contains("dismissed by admin");
        assertThat(after.select("#unverified form")).isEmpty();
        assertThat(status(ada)).isEqualTo("bounced");
        assertThat(status(bob)).isEqualTo("confirmed");

        // The reason in the subscriber's history.
        assertThat(Jsoup.parse(admin.get("/admin/subscribers/" + alice).body()).select("#events").text())
                .contains("bounce:hard", "user unknown (hard 5.1.1, dsn, by VERP, issue 12)");
        assertThat(Jsoup.parse(admin.get("/admin/subscribers/" + ada).body()).select("#events").text())
                .contains("unverified bounce #" + adas + " accepted by admin");
    }

    String status(long id) {
        return jdbc.sql("select status from subscriber where id = :id").param("id", id).query(String.class).single();
    }
}
