package com.verdictdigest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import com.verdictdigest.support.Browserless;
import com.verdictdigest.support.TestDatabase;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors as a person in a browser meets them (a page in the site's layout, with the message and a
 * way back) and as the API and JSON clients get them (application/problem+json): one test per
 * status and kind of client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "verdict.security.users[0].username=ed",
        "verdict.security.users[0].password={noop}ed-secret",
        "verdict.security.users[0].roles=EDITOR",
        "verdict.security.users[1].username=ada",
        "verdict.security.users[1].password={noop}ada-secret",
        "verdict.security.users[1].roles=ADMIN"})
@Import(ErrorPagesTest.Failing.class)
class ErrorPagesTest {

    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    static final String JSON = "application/json";

    /** A page that fails as a bug would: the 500 case. */
    @TestConfiguration
    @RestController
    static class Failing {
        @GetMapping("/test/broken")
        String broken() {
            throw new IllegalStateException("internal detail that must not reach the page");
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase.H2::freshUrl);
    }

    @LocalServerPort
    int port;

    Browserless visitor() {
        return new Browserless("http://localhost:" + port);
    }

    static Document page(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        Document d = Jsoup.parse(r.body());
        assertThat(d.selectFirst("header.site nav")).as("the site's layout").isNotNull();
        assertThat(d.selectFirst("main#main")).as("a main landmark").isNotNull();
        assertThat(d.select("#error-links a").eachAttr("href")).as("a way back").contains("/");
        return d;
    }

    static void problem(HttpResponse<String> r, int status, String detailPart) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"status\":" + status).contains(detailPart).doesNotContain("<html");
    }

    @Test
    void aMissingPageIsAPageInTheLayoutForABrowser() {
        Document d = page(visitor().get("/nope", BROWSER), 404);
        assertThat(d.select("h1").text()).isEqualTo("Page not found");
        assertThat(d.select("#error-message").text()).contains("There is no page at /nope");
        assertThat(d.body().text()).doesNotContain("No static resource", "Whitelabel");
    }

    @Test
    void aMissingPageIsAProblemForAJsonClient() {
        problem(visitor().get("/nope", JSON), 404, "There is no page at /nope");
    }

    @Test
    void aMissingArchiveIssueSaysSoAndLeadsBackToTheArchive() {
        Document d = page(visitor().get("/archive/99", BROWSER), 404);
        assertThat(d.select("#error-message").text()).containsIgnoringCase("issue #99");
        assertThat(d.select("#error-links a").eachAttr("href")).contains("/archive");
    }

    @Test
    void aBrokenVoteLinkIsItsOwnPageInTheSiteLayout() {
        // The votes module answers its refusals itself (400, 403, 404, 410, 429), each in the site's layout.
        for (String method : List.of("GET", "POST")) {
            HttpResponse<String> r = method.equals("GET") ? visitor().get("/votes/not-a-vote-token", BROWSER)
                    : visitor().postForm("/votes/not-a-vote-token", "");
            assertThat(r.statusCode()).as(method).isEqualTo(400);
            Document d = Jsoup.parse(r.body());
            assertThat(d.selectFirst("header.site nav")).as("the site's layout").isNotNull();
            assertThat(d.selectFirst("main#main")).as("a main landmark").isNotNull();
            assertThat(d.select("h1").text()).isEqualTo("This vote link does not work");
            assertThat(d.body().text()).doesNotContain("Whitelabel", "Exception");
        }
    }

    @Test
    void theApiAnswersProblemJsonWhateverTheClientAccepts() {
        problem(visitor().get("/api/public/nope", BROWSER), 404, "\"instance\":\"/api/public/nope\"");
        problem(visitor().get("/api/comparisons/no-such-slug", BROWSER), 401, "API key");
    }

    @Test
    void aValueOfTheWrongTypeIsABadRequestPageThatNamesIt() {
        Browserless admin = visitor().login("ada", "ada-secret");
        Document d = page(admin.get("/admin/subscribers/abc", BROWSER), 400);
        assertThat(d.select("#error-message").text()).isEqualTo("'abc' is not a valid id (a number is expected).");
        assertThat(d.select("#error-links a").eachAttr("href")).contains("/admin/subscribers");
        assertThat(d.body().text()).doesNotContain("Failed to convert");
    }

    @Test
    void aValueOfTheWrongTypeIsABadRequestProblemForJson() {
        problem(visitor().login("ada", "ada-secret").get("/admin/subscribers/abc", JSON), 400, "'abc' is not a valid id");
    }

    @Test
    void aPageForAnotherRoleIsForbiddenAndSaysWhoIsSignedIn() {
        Document d = page(visitor().login("ed", "ed-secret").get("/admin/subscribers", BROWSER), 403);
        assertThat(d.select("#error-message").text()).contains("signed in as ed", "role ADMIN");
        assertThat(d.select("#signed-in-as").text()).isEqualTo("ed");
        assertThat(d.select("#error-links a").eachAttr("href")).contains("/logout");
    }

    @Test
    void aPageForAnotherRoleIsAForbiddenProblemForJson() {
        problem(visitor().login("ed", "ed-secret").get("/admin/subscribers", JSON), 403, "role ADMIN");
    }

    @Test
    void aBugIsAServerErrorPageWithoutItsInternals() {
        Document d = page(visitor().get("/test/broken", BROWSER), 500);
        assertThat(d.select("h1").text()).isEqualTo("Something went wrong on our side");
        assertThat(d.body().text()).doesNotContain("internal detail", "IllegalStateException");
    }

    @Test
    void aBugIsAServerErrorProblemWithoutItsInternalsForJson() {
        HttpResponse<String> r = visitor().get("/test/broken", JSON);
        problem(r, 500, "The error is logged");
        assertThat(r.body()).doesNotContain("internal detail");
    }
}
