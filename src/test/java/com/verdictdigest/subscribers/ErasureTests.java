package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.bounces.BounceProcessor;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.catalog.Panel;
import com.verdictdigest.catalog.SideInput;
import com.verdictdigest.catalog.ToolInput;
import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.delivery.SendFeedback;
import com.verdictdigest.digest.IssueLifecycle;
import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.support.Browserless;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * GDPR Art. 17 for real: a person signs up and confirms, is in a CSV upload waiting for import and
 * in an export saved on the server, gets an issue, bounces, is named by a forged bounce, complains;
 * then an admin erases them with the button. Afterwards no text (or binary) column of any table,
 * found from the JDBC metadata so a new table is covered without touching this test, holds their
 * address, its local part, their name or any token we gave them (link token, VERP token, the
 * Message-ID's MAC), and neither do the export or the uploads; the suppression list keeps the
 * hash. Subclasses pick the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ErasureTests {

    static final String ADDRESS = "zuleika.quintanilla@erasure.example";
    static final String LOCAL_PART = "zuleika.quintanilla";
    static final String NAME = "Zuleika Quintanilla";
    static final String PUBLIC_URL = "http://digest.example.test"; // http: an https site sets Secure cookies this client would not return
    static final Path EXPORTS = tempDir("verdict-erasure-exports");

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    static void commonProperties(DynamicPropertyRegistry r) {
        r.add("spring.mail.host", () -> "127.0.0.1");
        r.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
        r.add("verdict.site.public-url", () -> PUBLIC_URL);
        r.add("verdict.subscribers.admin.export-dir", EXPORTS::toString);
        r.add("verdict.delivery.poll-interval", () -> "200ms");
        r.add("verdict.security.users[0].username", () -> "admin");
        r.add("verdict.security.users[0].password", () -> "{noop}admin-pw");
        r.add("verdict.security.users[0].roles", () -> "ADMIN");
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CatalogImporter catalog;
    @Autowired
    IssueLifecycle lifecycle;
    @Autowired
    BounceProcessor bounces;
    @Autowired
    SendFeedback feedback;
    @Autowired
    SubscriberRepository subscribers;
    @Autowired
    PersonalDataFiles files;

    final HttpClient admin = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void afterAnErasureNothingOfThePersonIsLeftButTheSuppressionHash() throws Exception {
        Browserless browser = new Browserless("http://localhost:" + port);
        // Signed up and confirmed, with the consent evidence that goes with it.
        assertThat(browser.submitAndFollow("/subscribe", "/subscribe", Map.of("email", List.of(ADDRESS), "name", List.of(NAME))).body())
                .contains("Check your inbox");
        String confirmLink = confirmPath(await().atMost(Duration.ofSeconds(10)).until(() -> mailTo(ADDRESS), m -> m != null));
        assertThat(browser.submit(confirmLink, confirmLink, Map.of()).statusCode()).isEqualTo(200);
        Subscriber person = subscribers.findByEmailKey(ADDRESS).orElseThrow();
        assertThat(person.status()).isEqualTo(SubscriberStatus.CONFIRMED);
        greenMail.purgeEmailFromAllMailboxes();

        // In a CSV upload waiting for its import, and in an export saved on the server.
        login();
        Document importPage = Jsoup.parse(get("/admin/subscribers/import").body());
        String csv = "email,name\n" + ADDRESS + "," + NAME + "\nsomeone.else@erasure.example,Someone Else\n";
        assertThat(upload(importPage, "people.csv", csv.getBytes(StandardCharsets.UTF_8)).body()).contains("/admin/subscribers/import/");
        assertThat(submit(Jsoup.parse(get("/admin/subscribers").body()), "form[action=/admin/subscribers/export]", Map.of())
                .statusCode()).isEqualTo(302);

        // Sent an issue (serve's background sender works on it).
        int issue = draft();
        lifecycle.approve(issue, "editor");
        MimeMessage copy = await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(ADDRESS), m -> m != null);
        String verp = between(copy.getHeader("Return-Path")[0], "bounces+", "@");
        String messageId = copy.getHeader("Message-ID")[0];
        String mac = messageId.substring(messageId.lastIndexOf('-') + 1, messageId.indexOf('@'));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select count(*) from delivery_ledger where email = :e and state = 'sent'").param("e", ADDRESS).query(Long.class).single() == 1);

        // Bounced (soft, tied to the copy), named by a forged report (kept for review), complained.
        assertThat(bounces.process(dsn(verp, "<dsn-1@mx.erasure.example>", "4.2.2",
                "452 4.2.2 " + ADDRESS + ": mailbox of " + NAME + " is full"), false).action()).isEqualTo("soft count 1/3");
        assertThat(bounces.process(dsn(null, "<dsn-2@mx.forger.example>", "5.1.1",
                "550 5.1.1 <" + ADDRESS + ">: no such user"), false).action()).startsWith("not acted on");
        assertThat(bounces.process(arf(verp, messageId), false).action()).isEqualTo("suppressed");
        assertThat(feedback.report(issue)).extracting(SendFeedback.Count::kind).contains(SendFeedback.Kind.COMPLAINT);

        List<String> needles = List.of(ADDRESS, LOCAL_PART, NAME, person.token(), verp, mac);
        assertThat(holders(needles)).as("the walk finds the person before the erasure (it can fail)")
                .anyMatch(h -> h.startsWith("subscriber.")).anyMatch(h -> h.startsWith("delivery_ledger."))
                .anyMatch(h -> h.startsWith("unverified_bounce.")).anyMatch(h -> h.startsWith("subscriber_event."))
                .anyMatch(h -> h.startsWith("file "));

        // The admin's button.
        Document page = Jsoup.parse(get("/admin/subscribers/" + person.id()).body());
        assertThat(submit(page, "form[action$=/erase]", Map.of("confirm", "erase")).statusCode()).isEqualTo(302);

        assertThat(holders(needles)).as("tables, columns and files still holding something of the person").isEmpty();
        assertThat(jdbc.sql("select reason from suppression where email_hash = :h").param("h", EmailAddress.parse(ADDRESS).hash())
                .query(String.class).single()).as("the hash stays suppressed, with its reason").isEqualTo("complaint");
        assertThat(jdbc.sql("select count(*) from delivery_ledger where issue_number = :i and state = 'sent'").param("i", issue)
                .query(Long.class).single()).as("the send still counts the copy").isEqualTo(1);
    }

    // ---- the walk

    /**
     * Every "table.column" (and "file NAME") whose value contains one of {@code needles}
     * (case-insensitive): every column of a character or binary type of every table the
     * metadata lists, Flyway's history aside.
     */
    List<String> holders(List<String> needles) throws SQLException, IOException {
        List<String> lower = needles.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        List<String> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            Map<String, List<String>> columns = new LinkedHashMap<>();
            try (ResultSet rs = md.getColumns(null, c.getSchema(), "%", "%")) {
                while (rs.next()) {
                    if (SEARCHED_TYPES.contains(rs.getInt("DATA_TYPE")) && isTable(md, c, rs.getString("TABLE_NAME"))) {
                        columns.computeIfAbsent(rs.getString("TABLE_NAME"), t -> new ArrayList<>()).add(rs.getString("COLUMN_NAME"));
                    }
                }
            }
            assertThat(columns.keySet().stream().map(t -> t.toLowerCase(Locale.ROOT)))
                    .as("the walk sees the tables").contains("subscriber", "delivery_ledger", "processed_bounce", "suppression");
            String quote = md.getIdentifierQuoteString();
            for (var table : columns.entrySet()) {
                if (table.getKey().equalsIgnoreCase("flyway_schema_history")) {
                    continue;
                }
                for (String column : table.getValue()) {
                    String sql = "select " + quote + column + quote + " from " + quote + table.getKey() + quote;
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                        while (rs.next()) {
                            byte[] bytes = rs.getBytes(1);
                            String value = bytes == null ? null : new String(bytes, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                            if (value != null && lower.stream().anyMatch(value::contains)) {
                                found.add((table.getKey() + "." + column).toLowerCase(Locale.ROOT) + " = " + value);
                            }
                        }
                    }
                }
            }
        }
        for (Path dir : List.of(EXPORTS, files.uploads())) {
            try (Stream<Path> list = Files.list(dir)) {
                for (Path f : list.toList()) {
                    String content = Files.readString(f, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                    if (lower.stream().anyMatch(content::contains)) {
                        found.add("file " + f);
                    }
                }
            }
        }
        return found;
    }

    static final Set<Integer> SEARCHED_TYPES = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR,
            Types.NVARCHAR, Types.LONGNVARCHAR, Types.NCLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB,
            Types.OTHER, Types.SQLXML, Types.ARRAY);

    /** Tables only: a view (subscriber_recipient) shows what its tables hold. */
    static boolean isTable(DatabaseMetaData md, Connection c, String name) throws SQLException {
        try (ResultSet rs = md.getTables(null, c.getSchema(), name, new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    // ---- the history's pieces

    int draft() {
        SideInput a = new SideInput(new ToolInput("Erasure Alpha", null, "Developer Tools", "A", null, "Free", "Entry", null, null),
                new Panel(Verdict.SHIP, 4, 0, 100), null, List.of());
        SideInput b = new SideInput(new ToolInput("Erasure Beta", null, "Developer Tools", "B", null, "Free", "Entry", null, null),
                new Panel(Verdict.SKIP, 1, 3, 25), null, List.of());
        Instant published = Instant.now();
        catalog.store(new ComparisonInput(null, published, a, b), null);
        return lifecycle.closeWindow(null, published.plusMillis(1), "editor").orElseThrow().number();
    }

    /** A delivery report to the VERP address (or, without one, to the bare bounce address: a forgery). */
    static byte[] dsn(String verp, String messageId, String status, String diagnostic) {
        return ("""
                From: Mail Delivery System <MAILER-DAEMON@mx.erasure.example>
                To: bounces%s@verdicts.example.com
                Subject: Delivery Status Notification
                Message-ID: %s
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b"

                --b
                Content-Type: text/plain

                Delivery to %s (%s) failed.

                --b
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.erasure.example

                Final-Recipient: rfc822; %s
                Action: %s
                Status: %s
                Diagnostic-Code: smtp; %s

                --b--
                """.formatted(verp == null ? "" : "+" + verp, messageId, ADDRESS, NAME, ADDRESS, "failed", status, diagnostic)).replace("\n", "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** An ARF complaint about the copy, the copy's headers attached. */
    static byte[] arf(String verp, String messageId) {
        return ("""
                From: Feedback Loop <fbl@isp.erasure.example>
                To: fbl@verdicts.example.com
                Subject: Complaint
                Message-ID: <arf-1@isp.erasure.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="b"

                --b
                Content-Type: text/plain

                An abuse report from %s.

                --b
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: ErasureFBL/1.0
                Version: 1
                Original-Mail-From: <bounces+%s@verdicts.example.com>
                Original-Rcpt-To: <%s>

                --b
                Content-Type: text/rfc822-headers

                Return-Path: <bounces+%s@verdicts.example.com>
                To: %s <%s>
                Message-ID: %s

                --b--
                """.formatted(NAME, verp, ADDRESS, verp, NAME, ADDRESS, messageId)).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    // ---- mail and HTTP

    MimeMessage mailTo(String address) throws Exception {
        MimeMessage found = null;
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            if (m.getAllRecipients() != null && m.getAllRecipients()[0].toString().contains(address)) {
                found = m;
            }
        }
        return found;
    }

    static String confirmPath(MimeMessage mail) throws Exception {
        Matcher m = Pattern.compile(Pattern.quote(PUBLIC_URL) + "(/confirm/[A-Za-z0-9_-]+)").matcher(MailText.plain(mail));
        assertThat(m.find()).as("a confirmation link").isTrue();
        return m.group(1);
    }

    static String between(String s, String start, String end) {
        int from = s.indexOf(start) + start.length();
        return s.substring(from, s.indexOf(end, from));
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return admin.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> submit(Document page, String formSelector, Map<String, String> extra) throws Exception {
        var form = Objects.requireNonNull(page.selectFirst(formSelector), formSelector);
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(i -> fields.put(i.attr("name"), i.attr("value")));
        fields.putAll(extra);
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return admin.send(HttpRequest.newBuilder(uri(form.attr("action"))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    void login() throws Exception {
        HttpResponse<String> r = submit(Jsoup.parse(get("/login").body()), "form[action=/login]",
                Map.of("username", "admin", "password", "admin-pw"));
        assertThat(r.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    }

    HttpResponse<String> upload(Document page, String fileName, byte[] content) throws Exception {
        String boundary = "----verdict" + System.nanoTime();
        String csrf = Objects.requireNonNull(page.selectFirst("form[enctype=multipart/form-data] input[name=_csrf]")).attr("value");
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return admin.send(HttpRequest.newBuilder(uri("/admin/subscribers/import"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
