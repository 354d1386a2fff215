package com.verdictdigest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.catalog.Panel;
import com.verdictdigest.catalog.SideInput;
import com.verdictdigest.catalog.ToolInput;
import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.digest.IssueLifecycle;
import com.verdictdigest.support.Browserless;
import com.verdictdigest.support.TestDatabase;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The rough edges a person met, as they meet them now: who they are and what they may open, the
 * editor's issue page (undo, names, lint by state, one title, every run), the catalog, the
 * archived issue, and the pages a test copy's links lead to.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PagesForPeopleTest {

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", TestDatabase.H2::freshUrl);
        r.add("verdict.delivery.worker", () -> "false");
        r.add("verdict.schedule.dispatch-interval", () -> "1h");
        r.add("verdict.site.base-url", () -> "https://verdicts.example.com");
        r.add("verdict.site.time-zone", () -> "Asia/Tokyo");
        r.add("verdict.security.users[0].username", () -> "ed");
        r.add("verdict.security.users[0].password", () -> "{noop}ed-pw");
        r.add("verdict.security.users[0].roles", () -> "EDITOR");
        r.add("verdict.security.users[1].username", () -> "ada");
        r.add("verdict.security.users[1].password", () -> "{noop}ada-pw");
        r.add("verdict.security.users[1].roles", () -> "ADMIN");
    }

    /**
     * 23:30 UTC on 1 November is 08:30 on 2 November in Tokyo: the date shown must be the site's.
     * (Each test closes its own window of time, away from the others' comparisons.)
     */
    static final Instant PUBLISHED = Instant.parse("2026-11-01T23:30:00Z");

    @LocalServerPort
    int port;
    @Autowired
    CatalogImporter catalog;
    @Autowired
    IssueLifecycle lifecycle;

    Browserless visitor() {
        return new Browserless("http://localhost:" + port);
    }

    Browserless signedIn(String user, String password) {
        Browserless b = visitor();
        HttpResponse<String> login = b.submit("/login", "/login", Map.of("username", List.of(user), "password", List.of(password)));
        assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        return b;
    }

    static List<String> navigation(HttpResponse<String> page) {
        return Jsoup.parse(page.body()).select("header.site nav a").eachText();
    }

    static SideInput side(String name, String category, Panel panel) {
        return new SideInput(new ToolInput(name, null, category, name + " does things", null, "Free", null, null, null),
                panel, null, List.of());
    }

    @Test
    void eachPersonSeesWhatTheyMayOpenWhoTheyAreAndLogsOutWithAPost() {
        assertThat(navigation(visitor().get("/"))).containsExactly("Verdict Digest", "Catalog", "Archive", "Subscribe");
        assertThat(Jsoup.parse(visitor().get("/").body()).select("#signed-in-as, #logout")).isEmpty();

        Browserless ed = signedIn("ed", "ed-pw");
        HttpResponse<String> editorPage = ed.get("/editor");
        assertThat(navigation(editorPage)).contains("Editor", "Sending").doesNotContain("Subscribers");
        assertThat(Jsoup.parse(editorPage.body()).select("#signed-in-as").text()).isEqualTo("ed");
        assertThat(navigation(signedIn("ada", "ada-pw").get("/admin/subscribers"))).as("an admin may edit too")
                .contains("Editor", "Sending", "Subscribers");

        // GET /logout is a page with the button (no 404, and no logout by a link a crawler could follow).
        HttpResponse<String> logoutPage = ed.get("/logout");
        assertThat(logoutPage.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(logoutPage.body()).select("main form[action=/logout][method=post] input[name=_csrf]")).hasSize(1);
        assertThat(ed.get("/editor").statusCode()).as("still signed in after the GET").isEqualTo(200);
        HttpResponse<String> out = ed.submit("/editor", "/logout", Map.of());
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/login?logout");
        assertThat(Jsoup.parse(ed.get("/login?logout").body()).select("#logged-out").text()).isEqualTo("You have been logged out.");
        assertThat(ed.get("/editor").statusCode()).as("signed out").isEqualTo(302);
    }

    @Test
    void anEditorUndoesARemovalSeesNamesAndTheRunsAndTheLintFollowsTheState() {
        Instant now = Instant.now();
        catalog.store(new ComparisonInput(null, now.minus(Duration.ofHours(3)),
                side("Undo Alpha", "Developer Tools", new Panel(Verdict.SHIP, 4, 0, 100)),
                side("Undo Beta", "Developer Tools", new Panel(Verdict.SKIP, 1, 3, 25))), null);
        catalog.store(new ComparisonInput(null, now.minus(Duration.ofHours(2)),
                side("Undo Gamma", "Image Generation", new Panel(Verdict.SHIP, 3, 1, 75)),
                side("Undo Delta", "Image Generation", new Panel(Verdict.SKIP, 0, 4, 0))), null);
        int number = lifecycle.closeWindow(now.minus(Duration.ofHours(4)), now.minus(Duration.ofHours(1)), "ed").orElseThrow().number();
        lifecycle.closeWindow(now.minus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(30)), "ed"); // nothing new: no issue, but a run

        Browserless ed = signedIn("ed", "ed-pw");
        Document runs = Jsoup.parse(ed.get("/editor").body());
        assertThat(runs.select("#runs tbody tr").eachText())
                .anySatisfy(t -> assertThat(t).contains("created issue #" + number))
                .anySatisfy(t -> assertThat(t).contains("nothing new"));
        assertThat(Jsoup.parse(ed.get("/editor/sending").body()).select("#runs").text()).contains("nothing new");

        String path = "/editor/issues/" + number;
        Document page = Jsoup.parse(ed.get(path).body());
        assertThat(page.title()).isEqualTo("Issue #" + number + " · Verdict Digest");
        assertThat(page.select("#lint-state").text()).contains("ready to approve");
        Element remove = Objects.requireNonNull(page.selectFirst("#items form[action$=/items/remove]:has(button[aria-label='Remove Undo Gamma vs Undo Delta'])"));

        HttpResponse<String> removed = ed.submit(path, remove.attr("action"),
                Map.of("kind", List.of(remove.select("input[name=kind]").val()), "id", List.of(remove.select("input[name=id]").val())));
        assertThat(removed.statusCode()).isEqualTo(302);
        Document afterRemove = Jsoup.parse(ed.get(path).body());
        assertThat(afterRemove.select("#message").text()).contains("Removed “Undo Gamma vs Undo Delta”");
        assertThat(afterRemove.select("#history").text()).contains("Undo Gamma vs Undo Delta").doesNotContainPattern("comparison \\d+");
        Element undo = Objects.requireNonNull(afterRemove.selectFirst("form[action$=/items/restore]:has(#undo)"));
        ed.submit(path, undo.attr("action"),
                Map.of("kind", List.of(undo.select("input[name=kind]").val()), "id", List.of(undo.select("input[name=id]").val())));
        Document restored = Jsoup.parse(ed.get(path).body());
        assertThat(restored.select("#message").text()).contains("Put back “Undo Gamma vs Undo Delta”");
        assertThat(restored.select("#items tr.removed")).isEmpty();

        // Approving asks first; once approved, the page no longer says "ready to approve" and nothing can be removed.
        assertThat(Jsoup.parse(ed.submit(path, path + "/approve", Map.of()).body()).select("#confirm-question").text())
                .startsWith("Approve issue #" + number);
        assertThat(ed.submit(path, path + "/approve", Map.of("confirmed", List.of("yes"))).statusCode()).isEqualTo(302);
        Document approved = Jsoup.parse(ed.get(path).body());
        assertThat(approved.select("#lint-state").text()).doesNotContain("ready to approve").containsAnyOf("frozen", "Sent as checked");
        assertThat(approved.select("#items form[action$=/items/remove]")).isEmpty();
    }

    @Test
    void theCatalogShowsSiteDatesLinksSplitVerdictsAndFiltersBySearchAndCategory() {
        catalog.store(new ComparisonInput(null, PUBLISHED,
                side("Catalog Even", "Coding Assistants", new Panel(null, 2, 2, 50)),
                side("Catalog Odd", "Coding Assistants", new Panel(Verdict.SHIP, 3, 1, 75))), null);
        catalog.store(new ComparisonInput(null, PUBLISHED.minusSeconds(3600),
                side("Painter One", "Image Generation", new Panel(Verdict.SHIP, 4, 0, 100)),
                side("Painter Two", "Image Generation", new Panel(Verdict.SKIP, 0, 4, 0))), null);

        Document all = Jsoup.parse(visitor().get("/").body());
        Element even = Objects.requireNonNull(all.selectFirst("article.comparison:has(h3:containsOwn(Catalog Even))"));
        assertThat(even.select("time").text()).contains("2 November 2026").doesNotContain("T23:30");
        assertThat(even.select("h2 a").attr("href")).startsWith("https://verdicts.example.com/compare/");
        assertThat(even.select("section:has(h3:containsOwn(Catalog Even)) .verdict").text()).startsWith("Split panel");
        assertThat(all.select("#count").text()).contains("Asia/Tokyo");

        Document searched = Jsoup.parse(visitor().get("/?q=painter").body());
        assertThat(searched.select("article.comparison h2").eachText()).containsExactly("Painter One vs Painter Two");
        Document byCategory = Jsoup.parse(visitor().get("/?category=Coding+Assistants").body());
        assertThat(byCategory.select("article.comparison h2").eachText()).containsExactly("Catalog Even vs Catalog Odd");
        assertThat(Jsoup.parse(visitor().get("/?q=painter&category=Coding+Assistants").body()).select("#no-match")).hasSize(1);
    }

    @Test
    void aTestCopysLinksLeadToPagesThatSaySo() {
        catalog.store(new ComparisonInput(null, Instant.now().minus(Duration.ofHours(28)),
                side("Copy Alpha", "Developer Tools", new Panel(Verdict.SHIP, 4, 0, 100)),
                side("Copy Beta", "Developer Tools", new Panel(Verdict.SKIP, 1, 3, 25))), null);
        int draft = lifecycle.closeWindow(Instant.now().minus(Duration.ofHours(30)), Instant.now().minus(Duration.ofHours(26)), "ed")
                .orElseThrow().number();

        for (String link : List.of("/unsubscribe/test-copy", "/preferences/test-copy", "/archive/" + draft + "?test-copy")) {
            HttpResponse<String> r = visitor().get(link);
            assertThat(r.statusCode()).as(link).isEqualTo(200);
            assertThat(Jsoup.parse(r.body()).select("main h1").text()).as(link).isEqualTo("This is a test copy");
        }
        assertThat(visitor().get("/archive/" + draft).statusCode()).as("a draft is not in the archive").isEqualTo(404);
        // Its one-click unsubscribe and its vote buttons act on nobody, and say why.
        HttpResponse<String> oneClick = visitor().postForm("/unsubscribe/test-copy", "List-Unsubscribe=One-Click");
        assertThat(oneClick.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(oneClick.body()).select("main h1").text()).isEqualTo("This is a test copy");
        for (boolean post : new boolean[] {false, true}) {
            HttpResponse<String> vote = post ? visitor().postForm("/votes/preview", "") : visitor().get("/votes/preview");
            assertThat(vote.statusCode()).isEqualTo(200);
            assertThat(Jsoup.parse(vote.body()).select("main").text()).contains("an editor's test copy", "nothing is counted");
        }
    }
}
