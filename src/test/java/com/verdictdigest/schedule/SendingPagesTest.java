package com.verdictdigest.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.catalog.Panel;
import com.verdictdigest.catalog.SideInput;
import com.verdictdigest.catalog.ToolInput;
import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.delivery.SendFeedback;
import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.IssueLifecycle;
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
 * The editor's sending pages: the weekly job and its next fire, and an issue's send started,
 * paused, resumed and cancelled from the page. No background sender runs here, so every state
 * the buttons lead to can be seen.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SendingPagesTest {

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", TestDatabase.H2::freshUrl);
        r.add("verdict.delivery.worker", () -> "false");
        r.add("verdict.schedule.dispatch-interval", () -> "1h");
        r.add("verdict.security.users[0].username", () -> "editor");
        r.add("verdict.security.users[0].password", () -> "{noop}editor-pw");
        r.add("verdict.security.users[0].roles", () -> "EDITOR");
    }

    @LocalServerPort
    int port;

    @Autowired
    CatalogImporter catalog;

    @Autowired
    DigestIssues issues;

    @Autowired
    IssueLifecycle lifecycle;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SendFeedback feedback;

    @Test
    void anEditorSeesTheWeeklyJobAndStartsPausesResumesAndCancelsASend() {
        SideInput a = new SideInput(new ToolInput("Sending Alpha", null, "Developer Tools", "A", null, "Free", "Entry",
                null, null), new Panel(Verdict.SHIP, 4, 0, 100), null, List.of());
        SideInput b = new SideInput(new ToolInput("Sending Beta", null, "Developer Tools", "B", null, "Free", "Entry",
                null, null), new Panel(Verdict.SKIP, 1, 3, 25), null, List.of());
        catalog.store(new ComparisonInput(null, Instant.now().minus(Duration.ofHours(2)), a, b), null);
        for (int i = 0; i < 3; i++) {
            jdbc.sql("""
                    insert into subscriber (email, email_key, status, created_at, updated_at)
                    values (:e, :e, 'confirmed', current_timestamp, current_timestamp)""")
                    .param("e", "page" + i + "@example.com").update();
        }
        int number = lifecycle.closeWindow(Instant.now()).orElseThrow().number();
        // Approved for tomorrow: the editor sends it now from the page.
        lifecycle.approve(number, "editor", Instant.now().plus(Duration.ofDays(1)));

        Browserless editor = new Browserless("http://localhost:" + port);
        assertThat(editor.get("/editor/sending").statusCode()).isEqualTo(302);
        HttpResponse<String> login = editor.submit("/login", "/login",
                Map.of("username", List.of("editor"), "password", List.of("editor-pw")));
        assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");

        String overview = editor.get("/editor/sending").body();
        assertThat(overview).contains("0 0 8 ? * MON", "Next fire:").doesNotContain("not scheduled");
        // The run that made the issue is listed with what came of it (here the job's path, closed by hand in the test).
        assertThat(org.jsoup.Jsoup.parse(overview).select("#runs").text()).contains("created issue #" + number);

        String page = "/editor/issues/" + number + "/send";
        assertThat(editor.get(page).body()).contains("Not sent yet.", "Send now");
        // Sending cannot be taken back: the server asks first, and a "yes" starts it.
        HttpResponse<String> asked = editor.submit(page, page + "/start", Map.of());
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body()).contains("Send issue #" + number + " now to every confirmed subscriber?");
        assertThat(issues.require(number).state().name()).isEqualTo("SCHEDULED");
        assertThat(editor.submit(page, page + "/start", Map.of("confirmed", List.of("yes"))).statusCode()).isEqualTo(302);
        assertThat(editor.get(page).body()).contains("<td id=\"state\">running", "<td id=\"remaining\">3</td>");
        assertThat(issues.require(number).state().name()).isEqualTo("SENDING");

        assertThat(editor.get(page).body()).contains("id=\"feedback\">None so far.");
        long reader = jdbc.sql("select id from subscriber where email = 'page1@example.com'").query(Long.class).single();
        feedback.record(number, reader, SendFeedback.Kind.HARD, "user unknown");
        assertThat(editor.get(page).body()).contains("<table id=\"feedback\">",
                "<tr><td>hard</td><td>user unknown</td><td>1</td></tr>");

        editor.submit(page, page + "/pause", Map.of());
        assertThat(editor.get(page).body()).contains("<td id=\"state\">paused — paused by editor", "Resume");
        editor.submit(page, page + "/resume", Map.of());
        assertThat(editor.get(page).body()).contains("<td id=\"state\">running");
        assertThat(editor.submit(page, page + "/cancel", Map.of()).body()).contains("Cancel the send of issue #" + number);
        assertThat(editor.get(page).body()).contains("<td id=\"state\">running");
        editor.submit(page, page + "/cancel", Map.of("confirmed", List.of("yes")));
        assertThat(editor.get(page).body()).contains("<td id=\"state\">cancelled", "<td id=\"sent\">0</td>")
                .doesNotContain("id=\"pause\"", "id=\"resume\"");
        assertThat(editor.get("/editor/sending").body()).contains("#" + number, "cancelled");
        assertThat(issues.require(number).state().name()).as("the issue follows its send").isEqualTo("CANCELLED");
    }

    @Test
    void theSendPageShowsTheWavesBeforeStartingThenWhereEachStandsAndTheIssuePageOffersTheChoice() {
        SideInput a = new SideInput(new ToolInput("Wave Alpha", null, "Developer Tools", "A", null, "Free", "Entry",
                null, null), new Panel(Verdict.SHIP, 4, 0, 100), null, List.of());
        SideInput b = new SideInput(new ToolInput("Wave Beta", null, "Developer Tools", "B", null, "Free", "Entry",
                null, null), new Panel(Verdict.SKIP, 1, 3, 25), null, List.of());
        catalog.store(new ComparisonInput(null, Instant.now().minus(Duration.ofHours(1)), a, b), null);
        // The class shares one database: readers of the other tests leave first, these leave at the end.
        jdbc.sql("update subscriber set status = 'unsubscribed' where status = 'confirmed'").update();
        String[][] readers = {{"wave-tokyo", "Asia/Tokyo"}, {"wave-berlin", "Europe/Berlin"}, {"wave-ny", "America/New_York"}};
        for (String[] r : readers) {
            jdbc.sql("""
                    insert into subscriber (email, email_key, status, time_zone, created_at, updated_at)
                    values (:e, :e, 'confirmed', :z, current_timestamp, current_timestamp)""")
                    .param("e", r[0] + "@example.com").param("z", r[1]).update();
        }
        int number = lifecycle.closeWindow(Instant.now()).orElseThrow().number();
        Browserless editor = new Browserless("http://localhost:" + port);
        editor.submit("/login", "/login", Map.of("username", List.of("editor"), "password", List.of("editor-pw")));

        Document issuePage = Jsoup.parse(editor.get("/editor/issues/" + number).body());
        assertThat(issuePage.select("#approve-delivery-now").hasAttr("checked")).as("verdict.delivery.local-time is empty").isTrue();
        assertThat(issuePage.select("#approve-local-time").attr("value")).isEqualTo("08:00");
        assertThat(issuePage.select("#schedule-delivery-local")).hasSize(1);

        String page = "/editor/issues/" + number + "/send";
        Document plan = Jsoup.parse(editor.get(page + "?delivery=local&localTime=08:00").body());
        assertThat(plan.select("#plan-summary").text()).contains("in 3 waves; the last goes out");
        assertThat(plan.select("#waves tbody tr")).hasSize(3);
        assertThat(plan.select("#waves").text()).contains("Asia/Tokyo (1)", "Europe/Berlin (1)", "America/New_York (1)");
        assertThat(Jsoup.parse(editor.get(page + "?delivery=local&localTime=8am").body()).select("#error").text())
                .contains("'8am' is not a local time");

        // Approving asks first, naming the delivery chosen, and its page posts the choice again with the "yes".
        Document asked = Jsoup.parse(editor.submit("/editor/issues/" + number, "/editor/issues/" + number + "/approve",
                Map.of("delivery", List.of("local"), "localTime", List.of("08:00"))).body());
        assertThat(asked.select("#confirm-question").text())
                .contains("at 08:00 in their own time zone");
        assertThat(asked.select("input[name=delivery]").val()).isEqualTo("local");
        assertThat(asked.select("input[name=localTime]").val()).isEqualTo("08:00");
        assertThat(issues.require(number).state().name()).isEqualTo("DRAFT");
        HttpResponse<String> approved = editor.submit("/editor/issues/" + number, "/editor/issues/" + number + "/approve",
                Map.of("delivery", List.of("local"), "localTime", List.of("08:00"), "confirmed", List.of("yes")));
        assertThat(approved.statusCode()).isEqualTo(302);
        assertThat(issues.require(number).localTime()).isEqualTo("08:00");
        Document sending = Jsoup.parse(editor.get(page).body());
        assertThat(sending.select("#delivery").text()).isEqualTo("at 08:00 in each reader's time zone");
        assertThat(sending.select("#waves tbody tr")).hasSize(3);
        assertThat(sending.select("#waves td.remaining").eachText()).containsOnly("1");
        assertThat(Jsoup.parse(editor.get("/editor/issues/" + number).body()).select("#delivery-choice").text())
                .isEqualTo("at 08:00 in each reader's time zone");
        editor.submit(page, page + "/cancel", Map.of("confirmed", List.of("yes")));
        assertThat(issues.require(number).state().name()).isEqualTo("CANCELLED");
        jdbc.sql("update subscriber set status = 'unsubscribed' where email like 'wave-%'").update();
    }

    @Test
    void aSendPageWithoutCsrfOrLoginChangesNothing() {
        Browserless stranger = new Browserless("http://localhost:" + port);
        HttpResponse<String> r = stranger.postForm("/editor/issues/1/send/cancel", "");
        assertThat(r.statusCode()).isIn(302, 403);
        assertThat(jdbc.sql("select count(*) from delivery_send where state = 'cancelled' and issue_number = 99")
                .query(Long.class).single()).isZero();
    }
}
