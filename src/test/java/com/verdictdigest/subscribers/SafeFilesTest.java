package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.support.TestDatabase;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Files with subscribers' data: every exported cell is inert in a spreadsheet, and uploads and
 * server-side exports live only in the data directory's private directories, gone after use.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SafeFilesTest {

    static final Path DATA = tempDir();
    static final String FORMULA = "=cmd|'/Ccalc.exe'!A0@example.com";

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        String url = TestDatabase.H2.freshUrl();
        r.add("spring.datasource.url", () -> url);
        r.add("verdict.data-dir", DATA::toString);
        r.add("spring.mail.host", () -> "127.0.0.1");
        r.add("spring.mail.port", () -> smtp.getSmtp().getPort());
        r.add("verdict.security.users[0].username", () -> "admin");
        r.add("verdict.security.users[0].password", () -> "{noop}admin-pw");
        r.add("verdict.security.users[0].roles", () -> "ADMIN");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String csrf(String page) throws Exception {
        return Jsoup.parse(get(page).body()).selectFirst("input[name=_csrf]").val();
    }

    void loginAsAdmin() throws Exception {
        HttpResponse<String> r = post("/login", Map.of("username", "admin", "password", "admin-pw", "_csrf", csrf("/login")));
        assertThat(r.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    }

    @Test
    void anAnonymousFormulaAddressIsExportedInert() throws Exception {
        HttpResponse<String> signup = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/public/subscribe"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"=cmd|'/Ccalc.exe'!A0@example.com\",\"name\":\"@SUM(1+1)\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signup.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from subscriber where email = :e")
                .param("e", FORMULA).query(Long.class).single() == 1);
        loginAsAdmin();

        String csv = get("/admin/subscribers/export.csv").body();

        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        CSVRecord formula = rows.stream().filter(r -> r.get("email").endsWith(FORMULA)).findFirst().orElseThrow();
        assertThat(formula.get("email")).isEqualTo("'" + FORMULA);
        assertThat(formula.get("name")).isEqualTo("'@SUM(1+1)");
        for (CSVRecord row : rows) {
            for (String cell : row) {
                assertThat(cell).as("no cell starts a formula").doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
            }
        }
    }

    @Test
    void serverSideExportsAndUploadsStayPrivateInTheDataDirectoryAndAreGoneAfterUse() throws Exception {
        loginAsAdmin();
        Path exports = DATA.resolve("subscribers/exports");
        Path uploads = DATA.resolve("uploads/imports");

        HttpResponse<String> saved = post("/admin/subscribers/export", Map.of("_csrf", csrf("/admin/subscribers")));
        assertThat(saved.statusCode()).isEqualTo(302);
        List<Path> written = list(exports);
        assertThat(written).hasSize(1);
        assertThat(Files.getPosixFilePermissions(exports)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(DATA)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        HttpResponse<String> download = get("/admin/subscribers/exports/" + written.get(0).getFileName());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).startsWith("email,name,status");
        // Deleted right after the last byte went out, which the client may see a moment earlier.
        await().atMost(Duration.ofSeconds(5)).until(() -> list(exports).isEmpty());
        assertThat(get("/admin/subscribers/exports/" + written.get(0).getFileName()).statusCode()).isEqualTo(404);

        Document form = Jsoup.parse(get("/admin/subscribers/import").body());
        HttpResponse<String> dryRun = upload(form, "email,name\nada@example.com,Ada\n".getBytes(StandardCharsets.UTF_8));
        assertThat(dryRun.statusCode()).isEqualTo(200);
        assertThat(list(uploads)).as("kept for the import that follows the dry run").hasSize(1);
        assertThat(Files.getPosixFilePermissions(uploads)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        Document report = Jsoup.parse(dryRun.body());
        var importForm = report.selectFirst("form[action^=/admin/subscribers/import/]");
        assertThat(importForm).isNotNull();
        HttpResponse<String> imported = post(importForm.attr("action"), Map.of(
                "_csrf", importForm.selectFirst("input[name=_csrf]").val(),
                "name", importForm.select("input[name=name]").val()));
        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(list(uploads)).as("deleted once imported").isEmpty();
        assertThat(list(DATA.resolve("uploads/incoming"))).as("nothing left by the multipart spool").isEmpty();
    }

    HttpResponse<String> upload(Document page, byte[] content) throws Exception {
        String boundary = "----verdict" + System.nanoTime();
        String csrf = page.selectFirst("form[enctype=multipart/form-data] input[name=_csrf]").attr("value");
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/subscribers/import"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("verdict-files-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
