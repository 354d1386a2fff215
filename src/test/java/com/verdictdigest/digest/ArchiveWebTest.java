package com.verdictdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.support.TestDatabase;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The public archive: only sent issues, without personal links, and a valid Atom feed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "verdict.site.public-url=https://digest.example.com")
class ArchiveWebTest {

    static final String ATOM = "http://www.w3.org/2005/Atom";

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", TestDatabase.H2::freshUrl);
    }

    @LocalServerPort
    int port;

    @Autowired
    CatalogImporter importer;

    @Autowired
    DigestIssues issues;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void onlySentIssuesArePublicAndTheFeedIsAtom() throws Exception {
        assertThat(get("/archive").body()).contains("No issue has been sent yet.");
        for (ComparisonInput in : DigestFixtures.inputs()) {
            importer.store(in, null);
        }
        int sent = issues.createIssue(DigestFixtures.WINDOW_START, DigestFixtures.CUTOFF, "test").orElseThrow().number();
        issues.approve(sent, "ed");
        issues.markSending(sent);
        issues.markPublished(sent); // its first mail went out (IssueLifecycle does this on delivery's events)
        issues.markSent(sent);
        // Something new after the sent issue's cut-off, for a draft that must stay private.
        importer.store(new com.verdictdigest.catalog.ComparisonInput(null, DigestFixtures.CUTOFF.plusSeconds(3600 * 24),
                new com.verdictdigest.catalog.SideInput(new com.verdictdigest.catalog.ToolInput("Later One", null, null,
                        null, null, null, null, null, null), null, null, null),
                new com.verdictdigest.catalog.SideInput(new com.verdictdigest.catalog.ToolInput("Later Two", null, null,
                        null, null, null, null, null, null), null, null, null)), null);
        int draft = issues.createIssue(DigestFixtures.CUTOFF, DigestFixtures.CUTOFF.plusSeconds(3600 * 24 * 30), "test")
                .orElseThrow().number();

        HttpResponse<String> list = get("/archive");
        assertThat(Jsoup.parse(list.body()).select("#archive a").eachAttr("href")).containsExactly("/archive/" + sent);

        HttpResponse<String> page = get("/archive/" + sent);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        org.jsoup.nodes.Document doc = Jsoup.parse(page.body());
        assertThat(doc.select("h2")).hasSize(3);
        assertThat(doc.select("main#main")).as("the mail inside a main landmark").hasSize(1);
        assertThat(doc.select("a[href=/archive]")).as("a way back to the archive").isNotEmpty();
        assertThat(doc.select("a[href]").eachAttr("href"))
                .noneMatch(h -> h.contains("/unsubscribe/") || h.contains("/preferences/"))
                .contains("https://digest.example.com/subscribe");
        assertThat(doc.select("script")).isEmpty();
        assertThat(get("/archive/" + draft).statusCode()).isEqualTo(404);
        assertThat(get("/archive/999").statusCode()).isEqualTo(404);

        HttpResponse<String> feed = get("/archive/feed.atom");
        assertThat(feed.headers().firstValue("Content-Type")).get().asString().startsWith("application/atom+xml");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document xml = f.newDocumentBuilder().parse(new ByteArrayInputStream(feed.body().getBytes(StandardCharsets.UTF_8)));
        Element root = xml.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(ATOM);
        assertThat(root.getLocalName()).isEqualTo("feed");
        for (String required : new String[] {"id", "title", "updated"}) {
            assertThat(root.getElementsByTagNameNS(ATOM, required).getLength()).isGreaterThan(0);
        }
        assertThat(root.getElementsByTagNameNS(ATOM, "entry").getLength()).isEqualTo(1);
        Element entry = (Element) root.getElementsByTagNameNS(ATOM, "entry").item(0);
        assertThat(entry.getElementsByTagNameNS(ATOM, "id").item(0).getTextContent())
                .isEqualTo("https://digest.example.com/archive/" + sent);
        assertThat(entry.getElementsByTagNameNS(ATOM, "summary").item(0).getTextContent())
                .contains(DigestFixtures.HOSTILE_NAME + " vs Plain Tool");
        assertThat(java.time.Instant.parse(entry.getElementsByTagNameNS(ATOM, "updated").item(0).getTextContent()))
                .isNotNull();
    }

    @Test
    void aTestCopysViewOnlineShowsAnIssueStillSendingOnceItsFirstMailWentOut() throws Exception {
        for (ComparisonInput in : DigestFixtures.inputs()) {
            importer.store(in, null);
        }
        int number = issues.createIssue(DigestFixtures.WINDOW_START, DigestFixtures.CUTOFF, "test").orElseThrow().number();
        issues.approve(number, "ed");
        issues.markSending(number);
        assertThat(get("/archive/" + number + "?test-copy").body()).as("before its first mail").contains("This is a test copy");

        issues.markPublished(number); // a local-time send's first wave went out; later waves wait
        assertThat(issues.require(number).state()).isEqualTo(IssueState.SENDING);
        assertThat(Jsoup.parse(get("/archive").body()).select("#archive a").eachAttr("href")).contains("/archive/" + number);
        HttpResponse<String> page = get("/archive/" + number + "?test-copy");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("This is a test copy");
        assertThat(Jsoup.parse(page.body()).select("main#main h2")).hasSize(3);
    }

    @Test
    void theEditorNeedsALogin() throws Exception {
        HttpResponse<String> r = get("/editor");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).get().asString().endsWith("/login");
    }
}
