package com.verdictdigest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;

import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The publishing site's API over real HTTP: key, push, idempotence, problems that name fields, listing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "verdict.api.key=" + CatalogApiControllerTest.KEY)
@Import(CatalogApiControllerTest.EchoController.class)
class CatalogApiControllerTest {

    static final String KEY = "s3cret-api-key";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase.H2::freshUrl);
    }

    /** A controller binding its body the ordinary Spring way, to prove unreadable bodies become problems too. */
    @RestController
    static class EchoController {

        record Thing(String name, int count) {
        }

        @PostMapping("/api/test-echo")
        Thing echo(@RequestBody Thing thing) {
            return thing;
        }
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String body, String header, String value) throws Exception {
        HttpRequest.Builder r = request("/api/comparisons").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            r.header(header, value);
        }
        return send(r);
    }

    HttpResponse<String> push(String body) throws Exception {
        return post(body, "Authorization", "Bearer " + KEY);
    }

    static String comparison(String a, String b, String publishedAt, int score) {
        return """
                {"publishedAt": "%s",
                 "a": {"tool": {"name": "%s", "pricing": "Free"},
                       "panel": {"verdict": "ship", "shipCount": 4, "skipCount": 0, "shipPct": 100},
                       "reviews": [{"persona": "Builder", "text": "Solid.", "score": %d, "verdict": "ship"}]},
                 "b": {"tool": {"name": "%s"}, "reviews": [{"persona": "Founder", "text": "No buyer.", "verdict": "skip"}]}}
                """.formatted(publishedAt, a, score, b);
    }

    List<String> errorFields(HttpResponse<String> response) {
        JsonNode errors = json.readTree(response.body()).get("errors");
        return StreamSupport.stream(errors.spliterator(), false).map(e -> e.get("field").asString()).toList();
    }

    static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void withoutAKeyTheApiAnswers401AsAProblem() throws Exception {
        HttpResponse<String> response = post(comparison("Key One", "Key Two", "2026-11-01T00:00:00Z", 80), null, null);

        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertProblem(send(request("/api/comparisons").GET()), 401);
    }

    @Test
    void aWrongKeyIsRefusedInEitherHeader() throws Exception {
        String body = comparison("Key One", "Key Two", "2026-11-01T00:00:00Z", 80);

        assertProblem(post(body, "Authorization", "Bearer " + KEY + "x"), 401);
        assertProblem(post(body, "X-API-Key", "wrong"), 401);
        assertProblem(post(body, "X-API-Key", ""), 401);
    }

    @Test
    void aNewComparisonIsCreatedThenReportedUnchangedThenUpdated() throws Exception {
        String body = comparison("Push Alpha", "Push Beta", "2026-11-02T09:00:00Z", 80);

        HttpResponse<String> created = push(body);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/api/comparisons/push-alpha-vs-push-beta");
        JsonNode answer = json.readTree(created.body());
        assertThat(answer.get("result").asString()).isEqualTo("created");
        assertThat(answer.get("toolsCreated").asInt()).isEqualTo(2);
        assertThat(answer.at("/comparison/publishedAt").asString()).isEqualTo("2026-11-02T09:00:00Z");
        assertThat(answer.at("/comparison/a/reviews/0/persona").asString()).isEqualTo("Builder");
        assertThat(answer.at("/comparison/a/tool/slug").asString()).isEqualTo("push-alpha");

        HttpResponse<String> again = post(body, "X-API-Key", KEY);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).get("result").asString()).isEqualTo("unchanged");

        HttpResponse<String> changed = push(comparison("Push Alpha", "Push Beta", "2026-11-02T09:00:00Z", 81));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(json.readTree(changed.body()).get("result").asString()).isEqualTo("updated");

        HttpResponse<String> stored = send(request("/api/comparisons/push-alpha-vs-push-beta")
                .header("Authorization", "Bearer " + KEY).GET());
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(json.readTree(stored.body()).at("/a/reviews/0/score").asInt()).isEqualTo(81);
    }

    @Test
    void anInvalidComparisonIsA400ProblemNamingEachBadField() throws Exception {
        HttpResponse<String> response = push("""
                {"a": {"tool": {"name": "Bad One", "communityPct": 140},
                       "reviews": [{"persona": "Wizard", "text": "x"}, {"persona": "Builder", "text": "", "score": -1}]},
                 "b": {"tool": {}}}""");

        assertProblem(response, 400);
        assertThat(json.readTree(response.body()).get("type").asString()).isEqualTo("urn:verdict-digest:problem:validation");
        assertThat(errorFields(response)).containsExactlyInAnyOrder("a.tool.communityPct", "a.reviews[0].persona",
                "a.reviews[1].text", "a.reviews[1].score", "b.tool.name");
    }

    @Test
    void wrongTypesAndUnknownFieldsAreNamedToo() throws Exception {
        HttpResponse<String> wrongType = push("""
                {"a": {"tool": {"name": "T1"}, "panel": {"shipPct": "high"}}, "b": {"tool": {"name": "T2"}}}""");
        assertProblem(wrongType, 400);
        assertThat(errorFields(wrongType)).containsExactly("a.panel.shipPct");

        HttpResponse<String> unknown = push("""
                {"a": {"tool": {"name": "T1"}}, "b": {"tool": {"name": "T2"}}, "c": {}}""");
        assertProblem(unknown, 400);
        assertThat(errorFields(unknown)).containsExactly("c");
    }

    @Test
    void malformedJsonIsA400ProblemWithLineAndColumn() throws Exception {
        HttpResponse<String> response = push("{\"a\": {\"tool\": \n  {\"name\": }");

        assertProblem(response, 400);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:verdict-digest:problem:malformed-json");
        assertThat(problem.get("line").asInt()).isEqualTo(2);
        assertThat(problem.get("column").asInt()).isEqualTo(12);
    }

    @Test
    void aBodyThatIsNotJsonAtAllIsAProblemNotAnErrorPage() throws Exception {
        HttpResponse<String> response = send(request("/api/comparisons").header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")));

        assertProblem(response, 415);
    }

    @Test
    void anOversizedBodyOrAnUnknownSlugIsAProblem() throws Exception {
        assertProblem(push("{\"slug\": \"" + "x".repeat(CatalogApiController.MAX_BODY_BYTES) + "\"}"), 413);
        assertProblem(send(request("/api/comparisons/no-such-comparison").header("X-API-Key", KEY).GET()), 404);
    }

    @Test
    void springBoundBodiesWithWrongTypesAlsoNameTheField() throws Exception {
        HttpResponse<String> response = send(request("/api/test-echo").header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\", \"count\": \"many\"}")));

        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactly("count");
        assertThat(response.body()).contains("must be a whole number, not a string").doesNotContain("java.");

        HttpResponse<String> broken = send(request("/api/test-echo").header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\": ")));
        assertProblem(broken, 400);
        assertThat(json.readTree(broken.body()).get("title").asString()).isEqualTo("Malformed JSON");
    }

    @Test
    void listingGivesOldestFirstAndSinceLeavesOutTheOlder() throws Exception {
        push(comparison("List Old", "List Other", "2020-01-01T00:00:00Z", 70));
        push(comparison("List New", "List Other", "2020-01-03T00:00:00Z", 70));

        HttpResponse<String> all = send(request("/api/comparisons").header("X-API-Key", KEY).GET());
        assertThat(all.statusCode()).isEqualTo(200);
        JsonNode doc = json.readTree(all.body());
        assertThat(doc.get("format").asString()).isEqualTo(CatalogJson.FORMAT);
        List<String> slugs = StreamSupport.stream(doc.get("comparisons").spliterator(), false)
                .map(c -> c.get("slug").asString()).toList();
        assertThat(slugs).containsSubsequence("list-old-vs-list-other", "list-new-vs-list-other");

        HttpResponse<String> since = send(request("/api/comparisons?since=2020-01-02T00:00:00Z")
                .header("X-API-Key", KEY).GET());
        List<String> newer = StreamSupport.stream(json.readTree(since.body()).get("comparisons").spliterator(), false)
                .map(c -> c.get("slug").asString()).toList();
        assertThat(newer).contains("list-new-vs-list-other").doesNotContain("list-old-vs-list-other");

        HttpResponse<String> bad = send(request("/api/comparisons?since=yesterday").header("X-API-Key", KEY).GET());
        assertProblem(bad, 400);
        assertThat(errorFields(bad)).containsExactly("since");
    }

    @Test
    void listingComesInPagesLinkedByTheirNextAndBadPagingIsNamed() throws Exception {
        for (int i = 1; i <= 5; i++) {
            push(comparison("Page " + i, "Page Other", "2019-0" + i + "-01T00:00:00Z", 70));
        }
        List<String> whole = slugs(send(request("/api/comparisons?since=2018-12-31T00:00:00Z").header("X-API-Key", KEY).GET()));
        assertThat(whole).hasSizeGreaterThanOrEqualTo(5);

        List<String> walked = new java.util.ArrayList<>();
        String next = "/api/comparisons?since=2018-12-31T00:00:00Z&limit=2";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> page = send(request(next).header("X-API-Key", KEY).GET());
            assertThat(page.statusCode()).isEqualTo(200);
            List<String> slugs = slugs(page);
            assertThat(slugs).hasSizeLessThanOrEqualTo(2).isNotEmpty();
            walked.addAll(slugs);
            next = page.headers().firstValue("Link")
                    .map(link -> link.substring(link.indexOf('<') + 1, link.indexOf('>'))).orElse(null);
            if (next != null) {
                assertThat(page.headers().firstValue("Link").orElseThrow()).endsWith("; rel=\"next\"");
                assertThat(next).contains("after=" + slugs.get(slugs.size() - 1));
            }
            pages++;
        }
        assertThat(walked).as("every comparison once, in order, over %d pages", pages).isEqualTo(whole);
        assertThat(pages).isEqualTo((whole.size() + 1) / 2);

        HttpResponse<String> bad = send(request("/api/comparisons?limit=0&after=no-such-slug").header("X-API-Key", KEY).GET());
        assertProblem(bad, 400);
        assertThat(errorFields(bad)).containsExactlyInAnyOrder("limit", "after");
        assertProblem(send(request("/api/comparisons?limit=1001").header("X-API-Key", KEY).GET()), 400);
    }

    private List<String> slugs(HttpResponse<String> response) throws Exception {
        return StreamSupport.stream(json.readTree(response.body()).get("comparisons").spliterator(), false)
                .map(c -> c.get("slug").asString()).toList();
    }
}
