package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.support.TestDatabase;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The admin pages over real HTTP, logged in through the login form with its CSRF token. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SubscriberAdminWebTest {

    static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    static final java.nio.file.Path DATA;

    static {
        SMTP.start();
        try {
            DATA = java.nio.file.Files.createTempDirectory("admin-web-data");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", TestDatabase.H2::freshUrl);
        r.add("spring.mail.host", () -> "127.0.0.1");
        r.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        r.add("verdict.site.public-url", () -> "http://list.example.com"); // https would make the session cookie Secure: the test client talks http
        r.add("verdict.subscribers.admin.page-size", () -> 2);
        r.add("verdict.data-dir", DATA::toString); // relative paths (uploads, exports) go here, not to the working directory
        r.add("verdict.security.users[0].username", () -> "admin");
        r.add("verdict.security.users[0].password", () -> "{noop}admin-pw");
        r.add("verdict.security.users[0].roles", () -> "ADMIN");
        r.add("verdict.security.users[1].username", () -> "editor");
        r.add("verdict.security.users[1].password", () -> "{noop}editor-pw");
        r.add("verdict.security.users[1].roles", () -> "EDITOR");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts the page's form (by CSS selector) with its hidden fields, CSRF token included, plus {@code extra}. */
    HttpResponse<String> submit(Document page, String formSelector, Map<String, String> extra) throws Exception {
        var form = Objects.requireNonNull(page.selectFirst(formSelector), formSelector);
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(i -> fields.put(i.attr("name"), i.attr("value")));
        fields.putAll(extra);
        return post(form.attr("action"), fields);
    }

    void login(String user, String password) throws Exception {
        Document loginPage = Jsoup.parse(get("/login").body());
        HttpResponse<String> r = submit(loginPage, "form[action=/login]", Map.of("username", user, "password", password));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    }

    HttpResponse<String> upload(Document page, String fileName, byte[] content) throws Exception {
        String boundary = "----verdict" + System.nanoTime();
        String csrf = Objects.requireNonNull(page.selectFirst("form[enctype=multipart/form-data] input[name=_csrf]")).attr("value");
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(uri("/admin/subscribers/import"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail))).build(), HttpResponse.BodyHandlers.ofString());
    }

    long idOf(String key) {
        return jdbc.sql("select id from subscriber where email_key = :k").param("k", key).query(Long.class).single();
    }

    @Test
    @Order(1)
    void onlyAdminsGetIn() throws Exception {
        HttpResponse<String> anonymous = get("/admin/subscribers");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/login");

        login("editor", "editor-pw");
        assertThat(get("/admin/subscribers").statusCode()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void uploadShowsTheDryRunThenImportsTheSameFile() throws Exception {
        jdbc.sql("insert into suppression (email_hash, reason, created_at) values (:h, 'complaint', current_timestamp)")
                .param("h", EmailAddress.parse("erin@example.com").hash()).update();
        login("admin", "admin-pw");
        Document form = Jsoup.parse(get("/admin/subscribers/import").body());
        byte[] csv = Objects.requireNonNull(getClass().getResourceAsStream("/subscribers/mixed.csv")).readAllBytes();

        HttpResponse<String> dry = upload(form, "mixed.csv", csv);

        assertThat(dry.statusCode()).isEqualTo(200);
        Document report = Jsoup.parse(dry.body());
        assertThat(report.select("#report li").eachText()).containsExactly(
                "line 2: alice@example.com: would be added as pending and sent an opt-in mail",
                "line 3: bob@example.com: would be added as confirmed (consent: newsletter-2023 signup form on 2023-05-01T00:00:00Z)",
                "line 4: bad address 'carol@example': 'example' is not a valid domain",
                "line 5: duplicate of line 2 (alice@EXAMPLE.com), not imported",
                "line 6: dave@example.com: would be added as pending and sent an opt-in mail",
                "line 7: erin@example.com is on the suppression list (never mailed again), not imported",
                "line 8: has 2 fields, the header has 4 (missing or extra column)",
                "line 9: grace@example.com: consent_source and consent_date go together: give both or neither");
        assertThat(report.select("#report li.error")).hasSize(5);
        assertThat(jdbc.sql("select count(*) from subscriber").query(Long.class).single()).isZero();

        HttpResponse<String> imported = submit(report, "#summary form", Map.of());

        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(imported.body()).select("#report li").eachText())
                .contains("line 2: alice@example.com: added as pending, opt-in mail sent");
        assertThat(jdbc.sql("select email_key || ':' || status from subscriber order by email_key").query(String.class).list())
                .containsExactly("alice@example.com:pending", "bob@example.com:confirmed", "dave@example.com:pending");
        assertThat(SMTP.getReceivedMessages()).hasSize(2);
        // the upload is gone once imported: replaying the form (a reload) imports nothing and says so on a page
        HttpResponse<String> replay = submit(report, "#summary form", Map.of());
        assertThat(replay.statusCode()).isEqualTo(410);
        assertThat(replay.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(Jsoup.parse(replay.body()).select("[role=alert]").text()).contains("This upload is gone", "Nothing was imported now");
        assertThat(Jsoup.parse(replay.body()).select("[role=alert]").text()).as("the age an upload is kept (UPLOAD_TTL)")
                .contains("its dry run is more than an hour old");
        assertThat(Jsoup.parse(replay.body()).select("form[enctype=multipart/form-data]")).hasSize(1);
        assertThat(jdbc.sql("select count(*) from subscriber").query(Long.class).single()).isEqualTo(3);
        try (var uploads = java.nio.file.Files.list(DATA.resolve("uploads/imports"))) {
            assertThat(uploads).as("uploads wait in the data directory, and go once imported").isEmpty();
        }
    }

    @Test
    @Order(2)
    void theAgesOfStaleFilesReadAsWords() {
        assertThat(List.of(java.time.Duration.ofHours(1), java.time.Duration.ofHours(3), java.time.Duration.ofDays(1),
                java.time.Duration.ofDays(10), java.time.Duration.ofMinutes(90), java.time.Duration.ofMinutes(1)))
                .map(SubscriberAdminController::inWords)
                .containsExactly("an hour", "3 hours", "a day", "10 days", "90 minutes", "a minute");
    }

    @Test
    @Order(3)
    void theListPagesByKeysetFiltersAndSearches() throws Exception {
        login("admin", "admin-pw");

        Document first = Jsoup.parse(get("/admin/subscribers").body());
        assertThat(first.select("#subscribers tbody td:first-child").eachText()).containsExactly("dave@example.com", "bob@example.com");
        String next = Objects.requireNonNull(first.selectFirst("a[rel=next]")).attr("href");
        assertThat(next).contains("before=" + idOf("bob@example.com")).doesNotContain("offset");
        Document second = Jsoup.parse(get(next).body());
        assertThat(second.select("#subscribers tbody td:first-child").eachText()).containsExactly("alice@example.com");
        assertThat(second.selectFirst("a[rel=next]")).isNull();

        assertThat(Jsoup.parse(get("/admin/subscribers?status=pending").body()).select("#subscribers tbody td:first-child").eachText())
                .containsExactly("dave@example.com", "alice@example.com");
        assertThat(Jsoup.parse(get("/admin/subscribers?q=Ali").body()).select("#subscribers tbody td:first-child").eachText())
                .containsExactly("alice@example.com");
        assertThat(Jsoup.parse(get("/admin/subscribers?q=bo&status=pending").body()).select("#empty")).hasSize(1);
        Document byName = Jsoup.parse(get("/admin/subscribers?in=name&q=DAVE").body());
        assertThat(byName.select("#subscribers tbody td:first-child").eachText()).containsExactly("dave@example.com");
        assertThat(byName.select("select[name=in] option[selected]").attr("value")).isEqualTo("name");
        Document searchPage = Jsoup.parse(get("/admin/subscribers?q=a").body());
        assertThat(searchPage.select("#subscribers tbody td:first-child").eachText()).containsExactly("alice@example.com");
        assertThat(get("/admin/subscribers?status=nonsense").statusCode()).isEqualTo(400);

        HttpResponse<String> csv = get("/admin/subscribers/export.csv?status=pending");
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body().lines().toList()).hasSize(3).first().isEqualTo("email,name,status,created_at,confirmed_at,time_zone");

        jdbc.sql("update subscriber set time_zone = 'Asia/Tokyo' where email_key in ('alice@example.com', 'bob@example.com')").update();
        Document tokyo = Jsoup.parse(get("/admin/subscribers?zone=asia/tokyo").body());
        assertThat(tokyo.select("#subscribers tbody td:first-child").eachText()).containsExactly("bob@example.com", "alice@example.com");
        assertThat(tokyo.select("#subscribers td.zone").eachText()).containsOnly("Asia/Tokyo");
        assertThat(tokyo.select("#zone-filter").attr("value")).isEqualTo("Asia/Tokyo");
        assertThat(Jsoup.parse(get("/admin/subscribers?zone=Asia/Tokyo&status=pending").body())
                .select("#subscribers tbody td:first-child").eachText()).containsExactly("alice@example.com");
        assertThat(Jsoup.parse(get("/admin/subscribers?zone=unknown").body())
                .select("#subscribers tbody td:first-child").eachText()).containsExactly("dave@example.com");
        assertThat(get("/admin/subscribers?zone=Mars/Base").statusCode()).isEqualTo(400);
        // The zone filter is part of the selection: the list's CSV link keeps it, and the CSV holds only that zone.
        String download = tokyo.select("#download").attr("href");
        assertThat(download).contains("zone=Asia%2FTokyo");
        assertThat(get(download).body().lines().skip(1).toList()).hasSize(2)
                .allMatch(l -> l.endsWith(",Asia/Tokyo"));
        assertThat(Jsoup.parse(get("/admin/subscribers/" + idOf("bob@example.com")).body()).select("#time-zone").text())
                .isEqualTo("Asia/Tokyo");
        assertThat(csv.body()).contains("alice@example.com,Alice,pending,", "dave@example.com,Dave,pending,");
    }

    @Test
    @Order(3)
    void aDomainFindsItsAddressesAndTheCsvKeepsEveryFilter() throws Exception {
        login("admin", "admin-pw");

        // "example.com" as typed, or "@example.com": every address there, in address order, a page at a time.
        Document domain = Jsoup.parse(get("/admin/subscribers?in=domain&q=Example.COM").body());
        assertThat(domain.select("#subscribers tbody td:first-child").eachText()).containsExactly("alice@example.com", "bob@example.com");
        Document next = Jsoup.parse(get(Objects.requireNonNull(domain.selectFirst("a[rel=next]")).attr("href")).body());
        assertThat(next.select("#subscribers tbody td:first-child").eachText()).containsExactly("dave@example.com");
        assertThat(Jsoup.parse(get("/admin/subscribers?q=%40example.com&status=confirmed").body())
                .select("#subscribers tbody td:first-child").eachText()).containsExactly("bob@example.com");
        assertThat(Jsoup.parse(get("/admin/subscribers?in=domain&q=example").body()).select("#empty")).hasSize(1);

        // The download link and "save on the server" keep the status and the search.
        Document filtered = Jsoup.parse(get("/admin/subscribers?in=domain&q=example.com&status=pending").body());
        String download = Objects.requireNonNull(filtered.selectFirst("#download")).attr("href");
        assertThat(download).contains("status=pending", "q=example.com", "in=domain");
        assertThat(get(download).body().lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList())
                .containsExactly("alice@example.com", "dave@example.com");
        HttpResponse<String> saved = submit(filtered, "form[action=/admin/subscribers/export]", Map.of());
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location").orElseThrow()).contains("status=pending", "q=example.com", "in=domain");
        java.nio.file.Path exports = DATA.resolve("subscribers/exports");
        try (var files = java.nio.file.Files.list(exports)) {
            java.nio.file.Path file = files.filter(f -> f.getFileName().toString().startsWith("subscribers-pending-domain-example.com-"))
                    .findFirst().orElseThrow();
            assertThat(java.nio.file.Files.readAllLines(file)).hasSize(3);
        }
        assertThat(get("/admin/subscribers?in=everything&q=x").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(4)
    void theSubscriberPageShowsHistoryResendsExportsSuppressesAndErases() throws Exception {
        login("admin", "admin-pw");
        long alice = idOf("alice@example.com");
        long bob = idOf("bob@example.com");

        Document bobPage = Jsoup.parse(get("/admin/subscribers/" + bob).body());
        assertThat(bobPage.select("#status").text()).isEqualTo("confirmed");
        assertThat(bobPage.select("#events").text()).contains("import", "form: csv-import:mixed.csv",
                "prior consent stated by the file: source newsletter-2023 signup form");

        Document alicePage = Jsoup.parse(get("/admin/subscribers/" + alice).body());
        HttpResponse<String> resent = submit(alicePage, "form[action$=/resend]", Map.of());
        assertThat(resent.statusCode()).isEqualTo(302);
        assertThat(Jsoup.parse(get("/admin/subscribers/" + alice).body()).text()).contains("Confirmation mail sent.");
        assertThat(SMTP.getReceivedMessages()).hasSize(3);
        assertThat(post("/admin/subscribers/" + alice + "/resend", Map.of()).statusCode())
                .as("a POST without the CSRF token is refused").isEqualTo(403);

        HttpResponse<String> json = get("/admin/subscribers/" + bob + "/export.json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Disposition").orElseThrow()).contains("subscriber-" + bob + ".json");
        assertThat(json.body()).contains("\"email\":\"bob@example.com\"", "\"kind\":\"import\"", "\"form\":\"csv-import:mixed.csv\"");

        // Irreversible: the server asks first (the page's script would ask in a dialog), and nothing happens until "yes".
        HttpResponse<String> asked = submit(alicePage, "form[action$=/suppress]", Map.of());
        assertThat(asked.statusCode()).isEqualTo(200);
        Document question = Jsoup.parse(asked.body());
        assertThat(question.select("#confirm-question").text()).isEqualTo("Suppress alice@example.com? This address is never mailed again.");
        assertThat(Jsoup.parse(get("/admin/subscribers/" + alice).body()).select("#status").text()).isEqualTo("pending");
        assertThat(alicePage.select("form[action$=/suppress]").attr("data-confirm")).contains("Suppress alice@example.com?");
        HttpResponse<String> suppressed = submit(question, "#confirm-action form", Map.of());
        assertThat(suppressed.statusCode()).isEqualTo(302);
        Document afterSuppress = Jsoup.parse(get("/admin/subscribers/" + alice).body());
        assertThat(afterSuppress.select("#status").text()).isEqualTo("suppressed");
        assertThat(afterSuppress.select("#suppression").text()).startsWith("yes: admin");

        submit(bobPage, "form[action$=/erase]", Map.of("confirm", "nope"));
        assertThat(get("/admin/subscribers/" + bob).statusCode()).isEqualTo(200);
        HttpResponse<String> erased = submit(bobPage, "form[action$=/erase]", Map.of("confirm", "erase"));
        assertThat(erased.statusCode()).isEqualTo(302);
        assertThat(get("/admin/subscribers/" + bob).statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("select reason from suppression where email_hash = :h")
                .param("h", EmailAddress.parse("bob@example.com").hash()).query(String.class).single()).isEqualTo("erased");
    }

    @Test
    @Order(5)
    void theGrowthChartServesItsDataAndTheChartingLibrary() throws Exception {
        login("admin", "admin-pw");

        HttpResponse<String> json = get("/admin/subscribers/growth.json?days=3");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).contains("\"days\":[", "\"pending\":[0,0,1]", "\"suppressed\":[0,0,1]");
        Document page = Jsoup.parse(get("/admin/subscribers/growth").body());
        String script = Objects.requireNonNull(page.selectFirst("script[src^=/webjars/echarts/]")).attr("src");
        HttpResponse<String> lib = get(script);
        assertThat(lib.statusCode()).isEqualTo(200);
        assertThat(lib.body()).contains("echarts");
    }
}
