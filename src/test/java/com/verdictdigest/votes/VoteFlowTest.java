package com.verdictdigest.votes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.digest.DigestFixtures;
import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.IssueLifecycle;
import com.verdictdigest.digest.IssueState;
import com.verdictdigest.subscribers.Erasure;
import io.micrometer.core.instrument.MeterRegistry;
import com.verdictdigest.support.TestDatabase;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
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
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A digest really sent (the send engine, GreenMail) and its vote links really used over HTTP:
 * every tool's two links in both parts, a GET of every link of the mail changes nothing, the
 * button's POST counts once and the other choice replaces it, forged, expired and unsubscribed
 * links get their 4xx page, and the API shows the figures and pages through the changes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"verdict.api.key=" + VoteFlowTest.KEY, "verdict.votes.per-token=4/1h",
                "verdict.site.public-url=" + VoteFlowTest.PUBLIC,
                "verdict.security.users[0].username=editor", "verdict.security.users[0].password={noop}editor-pw",
                "verdict.security.users[0].roles=EDITOR"})
class VoteFlowTest {

    static final String KEY = "vote-flow-api-key";
    /**
     * Where the mail's links point; requests go to the test's port instead. Plain http: with an
     * https public URL the session cookie is Secure, and the editor's login here is over http.
     */
    static final String PUBLIC = "http://digest.example.com";
    static final Pattern VOTE = Pattern.compile("https?://[^\\s\"<>]+/votes/([A-Za-z0-9_-]+)");
    static final Pattern URL = Pattern.compile("https?://[^\\s\"<>]+");

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", TestDatabase.H2::freshUrl);
        r.add("spring.mail.host", () -> "127.0.0.1");
        r.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
        r.add("verdict.schedule.enabled", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    CatalogImporter catalog;
    @Autowired
    IssueLifecycle lifecycle;
    @Autowired
    DigestIssues issues;
    @Autowired
    VoteTokens tokens;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Erasure erasure;
    @Autowired
    MeterRegistry meters;

    final HttpClient http = HttpClient.newHttpClient();
    static Sent sent;

    /** The issue sent once for all tests: its number and each reader's copy. */
    record Sent(int issue, Map<String, Copy> copies) {
    }

    /** A copy as received: its text part, its HTML part (null for text only), the List-Unsubscribe URL. */
    record Copy(String text, String html, String listUnsubscribe) {

        List<String> textVotes() {
            return find(VOTE, text);
        }

        List<String> htmlVotes() {
            return html == null ? List.of() : Jsoup.parse(html).select("a[href*=/votes/]").eachAttr("href");
        }
    }

    synchronized Sent sent() throws Exception {
        if (sent == null) {
            reader("ana@example.org", true, false);
            reader("ben@example.org", true, false);
            reader("text@example.org", true, true);
            reader("quiet@example.org", false, false);
            Instant now = Instant.now();
            for (ComparisonInput in : DigestFixtures.inputs()) {
                catalog.store(new ComparisonInput(null, now.minusSeconds(60), in.a(), in.b()), null);
            }
            int number = lifecycle.closeWindow(now.minusSeconds(3600), now, "editor").orElseThrow().number();
            lifecycle.approve(number, "editor");
            await().atMost(Duration.ofSeconds(20)).until(() -> issues.require(number).state() == IssueState.SENT);
            Map<String, Copy> copies = new TreeMap<>();
            for (MimeMessage m : greenMail.getReceivedMessages()) {
                String text = null;
                String html = null;
                if (m.isMimeType("text/plain")) {
                    text = (String) m.getContent(); // a plain-text-only reader's copy
                } else {
                    Multipart mp = (Multipart) m.getContent();
                    for (int i = 0; i < mp.getCount(); i++) {
                        BodyPart p = mp.getBodyPart(i);
                        if (p.isMimeType("text/plain")) {
                            text = (String) p.getContent();
                        } else if (p.isMimeType("text/html")) {
                            html = (String) p.getContent();
                        }
                    }
                }
                String lu = m.getHeader("List-Unsubscribe")[0];
                copies.put(m.getAllRecipients()[0].toString(), new Copy(text, html,
                        lu.substring(lu.indexOf("<http") + 1, lu.indexOf('>', lu.indexOf("<http")))));
            }
            sent = new Sent(number, copies);
        }
        return sent;
    }

    void reader(String email, boolean showVotes, boolean textOnly) {
        jdbc.sql("""
                insert into subscriber (email, email_key, status, text_only, show_votes, created_at, updated_at)
                values (:e, :e, 'confirmed', :textOnly, :showVotes, current_timestamp, current_timestamp)""")
                .param("e", email)
                .param("textOnly", textOnly).param("showVotes", showVotes).update();
    }

    @Test
    void everyCopyCarriesShipAndSkipForEveryToolInHtmlAndText() throws Exception {
        Map<String, Copy> copies = sent().copies();
        int links = 4 * DigestFixtures.inputs().size();

        for (String who : List.of("ana@example.org", "ben@example.org")) {
            Copy c = copies.get(who);
            assertThat(c.textVotes()).as(who).hasSize(links).doesNotHaveDuplicates();
            assertThat(c.htmlVotes()).as(who).containsExactlyElementsOf(c.textVotes());
            for (String url : c.textVotes()) {
                VoteToken t = tokens.check(url.substring(url.lastIndexOf('/') + 1)).token();
                assertThat(t.issueNumber()).isEqualTo(sent().issue());
            }
        }
        assertThat(copies.get("ana@example.org").textVotes()).doesNotContainAnyElementsOf(copies.get("ben@example.org").textVotes());
        assertThat(copies.get("text@example.org").html()).isNull();
        assertThat(copies.get("text@example.org").textVotes()).hasSize(links);
        assertThat(copies.get("quiet@example.org").text()).doesNotContain("/votes/");
        assertThat(copies.get("quiet@example.org").html()).doesNotContain("/votes/");
    }

    @Test
    void fetchingEveryLinkOfEveryCopyWithGetChangesNothing() throws Exception {
        Map<String, Object> before = counts();
        int fetched = 0;
        for (Copy c : sent().copies().values()) {
            Set<String> links = new LinkedHashSet<>(find(URL, c.text()));
            if (c.html() != null) {
                links.addAll(Jsoup.parse(c.html()).select("a[href]").eachAttr("href"));
            }
            links.add(c.listUnsubscribe());
            for (String link : links) {
                if (link.startsWith(PUBLIC + "/")) {
                    assertThat(get(link).statusCode()).as(link).isLessThan(500);
                    fetched++;
                }
            }
        }

        // three readers with 12 vote links each, and in all four copies unsubscribe, preferences and "View online"
        assertThat(fetched).isEqualTo(3 * 12 + 4 * 3);
        assertThat(counts()).isEqualTo(before);
        String url = sent().copies().get("ben@example.org").textVotes().get(1);
        Document page = Jsoup.parse(get(url).body());
        assertThat(page.select("h1").text()).isEqualTo("Your verdict on Mixtral 8x24B: Skip");
        assertThat(page.select("form[method=post]").attr("action")).isEqualTo(url.substring(PUBLIC.length()));
        assertThat(page.select("form button").text()).isEqualTo("Count my verdict: Skip");
    }

    @Test
    void theButtonCountsOnceAndTheOtherChoiceReplacesIt() throws Exception {
        List<String> links = sent().copies().get("ana@example.org").textVotes();
        String ship = links.get(4); // comparison 2, side A, ship
        String skip = links.get(5);
        VoteToken t = tokens.check(ship.substring(ship.lastIndexOf('/') + 1)).token();
        long history = history();
        double counted = posts("counted");
        double changedBefore = posts("changed");

        HttpResponse<String> first = post(ship);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(first.body()).select("#counted").text()).isEqualTo("Thanks: your verdict is counted.");
        assertThat(figures(t)).isEqualTo(List.of(1, 0));
        assertThat(Jsoup.parse(first.body()).select("#results").text()).contains("100% ship · 1 ship / 0 skip");

        HttpResponse<String> again = post(ship);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(again.body()).select("h1").text()).startsWith("Already counted: Ship");
        assertThat(figures(t)).isEqualTo(List.of(1, 0));

        HttpResponse<String> changed = post(skip);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(changed.body()).select("#counted").text()).contains("Your verdict is now Skip");
        assertThat(figures(t)).isEqualTo(List.of(0, 1));
        assertThat(history() - history).isEqualTo(2);
        assertThat(jdbc.sql("select choice from vote where subscriber_id = :s and comparison_id = :c and tool_id = :t")
                .param("s", t.subscriberId()).param("c", t.comparisonId()).param("t", t.toolId())
                .query(String.class).list()).containsExactly("skip");
        assertThat(jdbc.sql("select replaced from vote_history where subscriber_id = :s and tool_id = :t order by id")
                .param("s", t.subscriberId()).param("t", t.toolId()).query(String.class).list())
                .containsExactly(null, "ship");
        assertThat(posts("counted") - counted).isEqualTo(1);
        assertThat(posts("changed") - changedBefore).isEqualTo(1);
    }

    /** verdict_votes_total{outcome=...} as Prometheus scrapes it. */
    double posts(String outcome) {
        return meters.get("verdict.votes").tag("outcome", outcome).counter().count();
    }

    @Test
    void aForgedOrExpiredLinkGetsAClearPageAndCountsNothing() throws Exception {
        String url = sent().copies().get("ben@example.org").textVotes().get(8);
        VoteToken t = tokens.check(url.substring(url.lastIndexOf('/') + 1)).token();
        Map<String, Object> before = counts();
        String forged = url.substring(0, url.length() - 3) + (url.endsWith("AAA") ? "BBB" : "AAA");
        String expired = PUBLIC + "/votes/" + tokens.sign(t.subscriberId(), t.issueNumber(), t.comparisonId(), t.toolId(),
                VoteTokens.expiryMinute(Instant.now().minusSeconds(120)))[0];

        for (HttpResponse<String> r : List.of(get(forged), post(forged))) {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(Jsoup.parse(r.body()).select("h1").text()).isEqualTo("This vote link does not work");
        }
        for (HttpResponse<String> r : List.of(get(expired), post(expired))) {
            assertThat(r.statusCode()).isEqualTo(410);
            assertThat(Jsoup.parse(r.body()).select("h1").text()).isEqualTo("This vote link has expired");
            assertThat(r.body()).contains("Vote links work for 30 days");
        }
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aReaderWhoUnsubscribedCannotVote() throws Exception {
        Copy copy = sent().copies().get("text@example.org");
        assertThat(post(copy.listUnsubscribe()).statusCode()).isEqualTo(200);
        long history = history();

        HttpResponse<String> r = post(copy.textVotes().get(0));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(Jsoup.parse(r.body()).select("h1").text()).isEqualTo("This vote cannot count");
        assertThat(r.body()).contains("no longer subscribed");
        assertThat(get(copy.textVotes().get(0)).statusCode()).isEqualTo(403);
        assertThat(history()).isEqualTo(history);
    }

    @Test
    void erasingAReaderKeepsTheirVoteCountedAndNamesNobody() throws Exception {
        String ana = sent().copies().get("ana@example.org").textVotes().get(9);
        VoteToken t = tokens.check(ana.substring(ana.lastIndexOf('/') + 1)).token();
        reader("gone@example.org", true, false);
        long gone = jdbc.sql("select id from subscriber where email = 'gone@example.org'").query(Long.class).single();
        String link = PUBLIC + "/votes/" + tokens.sign(gone, t.issueNumber(), t.comparisonId(), t.toolId(),
                VoteTokens.expiryMinute(Instant.now().plus(Duration.ofDays(1))))[1];
        assertThat(post(link).statusCode()).isEqualTo(200);
        List<Integer> figures = figures(t);

        assertThat(erasure.erase(gone, "admin")).isTrue();

        assertThat(figures(t)).isEqualTo(figures);
        assertThat(jdbc.sql("select count(*) from vote_history where subscriber_id = :s").param("s", gone)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from vote where subscriber_id is null and tool_id = :t and choice = 'skip'")
                .param("t", t.toolId()).query(Long.class).single()).isEqualTo(1);
        assertThat(post(link).statusCode()).isEqualTo(403);
        assertThat(figures(t)).isEqualTo(figures);
    }

    @Test
    void manyVotesFromOneLinkAreRefusedForAWhile() throws Exception {
        String link = sent().copies().get("ben@example.org").textVotes().get(10);
        for (int i = 0; i < 4; i++) {
            assertThat(post(link).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> limited = post(link);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("60");
        assertThat(Jsoup.parse(limited.body()).select("h1").text()).isEqualTo("Too many votes at once");
    }

    @Test
    void theApiShowsEachSidesFiguresAndPagesThroughTheChanges() throws Exception {
        Instant since = Instant.now();
        List<String> ben = sent().copies().get("ben@example.org").textVotes();
        for (String link : List.of(ben.get(0), ben.get(2), ben.get(7), ben.get(6))) {
            assertThat(post(link).statusCode()).isEqualTo(200);
        }
        VoteToken first = tokens.check(ben.get(0).substring(ben.get(0).lastIndexOf('/') + 1)).token();
        String slug = jdbc.sql("select slug from comparison where id = :id").param("id", first.comparisonId())
                .query(String.class).single();

        JsonNode one = json(api("/api/comparisons/" + slug).body());
        JsonNode a = one.get("a").get("community");
        assertThat(a.get("ship").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(a.get("shipPct").asInt()).isBetween(0, 100);
        assertThat(one.get("b").get("community").has("ship")).isTrue();

        List<Long> ids = new ArrayList<>();
        String next = "/api/votes?since=" + since + "&limit=2";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> page = api(next);
            assertThat(page.statusCode()).isEqualTo(200);
            for (JsonNode v : json(page.body()).get("votes")) {
                ids.add(v.get("id").asLong());
                assertThat(v.get("comparison").asString()).isNotBlank();
                assertThat(v.get("choice").asString()).isIn("ship", "skip");
                assertThat(v.has("community")).isTrue();
            }
            next = page.headers().firstValue("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
            pages++;
        }
        assertThat(ids).hasSize(4).isSorted().doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(2);
        assertThat(json(api("/api/votes?since=" + since).body()).get("votes").get(3).get("replaced").asString())
                .isEqualTo("skip");
        assertThat(api("/api/votes?since=yesterday").statusCode()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base() + "/api/votes")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void theResultsShowOnTheCatalogTheArchiveTheEditorsPageAndInTheNextIssue() throws Exception {
        List<String> ana = sent().copies().get("ana@example.org").textVotes();
        List<String> ben = sent().copies().get("ben@example.org").textVotes();
        // comparison 3 (Pixel Forge vs Canvas Kit): Pixel Forge ship, ship; Canvas Kit skip
        for (String link : List.of(ana.get(8), ben.get(8), ana.get(11))) {
            assertThat(post(link).statusCode()).isEqualTo(200);
        }

        Document catalogPage = Jsoup.parse(get(base() + "/").body());
        assertThat(catalogPage.select("article.comparison").stream()
                .filter(a -> a.select("h2").text().equals("Pixel Forge vs Canvas Kit")).findFirst().orElseThrow()
                .select("p.community").eachText())
                .containsExactly("Readers' votes: 100% ship · 2 ship / 0 skip", "Readers' votes: 0% ship · 0 ship / 1 skip");

        String archive = Jsoup.parse(get(base() + "/archive/" + sent().issue()).body()).text();
        assertThat(archive).contains("Readers' votes: Pixel Forge 100% ship (2 ship, 0 skip) · Canvas Kit 0% ship (0 ship, 1 skip)")
                .doesNotContain("Your verdict on");

        com.verdictdigest.support.Browserless editor = new com.verdictdigest.support.Browserless(base());
        assertThat(editor.submit("/login", "/login", Map.of("username", List.of("editor"), "password", List.of("editor-pw")))
                .statusCode()).isEqualTo(302);
        Document issuePage = Jsoup.parse(editor.get("/editor/issues/" + sent().issue()).body());
        assertThat(issuePage.select("#votes tbody tr").eachText()).contains(
                "Pixel Forge vs Canvas Kit Pixel Forge 2 0 100%", "Canvas Kit 0 1 0%");

        // the next week: one new comparison, and last week's result above it
        Instant now = Instant.now();
        ComparisonInput next = DigestFixtures.inputs().get(0);
        catalog.store(new ComparisonInput(null, now, new com.verdictdigest.catalog.SideInput(
                new com.verdictdigest.catalog.ToolInput("Next Week Tool", null, "Developer Tools", null, null, null, null, null, null),
                null, null, null), next.b()), null);
        int number = lifecycle.closeWindow(null, now.plusMillis(1), "editor").orElseThrow().number();
        Document draft = Jsoup.parse(editor.get("/editor/issues/" + number).body());
        assertThat(draft.select("#votes")).isEmpty(); // nobody voted on this one yet
        String preview = draft.select("pre").text();
        assertThat(preview).contains("LAST WEEK READERS SAID",
                "Pixel Forge vs Canvas Kit: Pixel Forge 100% ship (2 ship, 0 skip) · Canvas Kit 0% ship (0 ship, 1 skip)");
        assertThat(issues.snapshot(number).readersSaid()).extracting(r -> r.title()).contains("Pixel Forge vs Canvas Kit");
    }

    // ---- helpers

    String base() {
        return "http://localhost:" + port;
    }

    /** A link of the mail, requested from this test's server. */
    URI local(String url) {
        return URI.create(url.startsWith(PUBLIC) ? base() + url.substring(PUBLIC.length()) : url);
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(local(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(local(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> api(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + KEY).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static JsonNode json(String body) {
        return JsonMapper.builder().build().readTree(body);
    }

    List<Integer> figures(VoteToken t) {
        return jdbc.sql("""
                select coalesce(sum(ship), 0) as ship, coalesce(sum(skip), 0) as skip from vote_tally
                 where comparison_id = :c and tool_id = :t""")
                .param("c", t.comparisonId()).param("t", t.toolId())
                .query((rs, n) -> List.of(rs.getInt("ship"), rs.getInt("skip"))).single();
    }

    long history() {
        return jdbc.sql("select count(*) from vote_history").query(Long.class).single();
    }

    /** What a vote or an unsubscribe would change. */
    Map<String, Object> counts() {
        Map<String, Object> out = new TreeMap<>();
        out.put("votes", jdbc.sql("select count(*) from vote").query(Long.class).single());
        out.put("history", history());
        out.put("tally", jdbc.sql("select coalesce(sum(ship), 0) * 1000000 + coalesce(sum(skip), 0) from vote_tally")
                .query(Long.class).single());
        out.put("subscribers", jdbc.sql("select status || ':' || cast(count(*) as varchar) from subscriber group by status order by status")
                .query(String.class).list());
        return out;
    }

    static List<String> find(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
