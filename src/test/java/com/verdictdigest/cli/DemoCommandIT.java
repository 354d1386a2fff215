package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.verdictdigest.support.ChildJvm;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a new user meets it: {@code demo} loads the demo catalog and
 * subscribers, sends the week's digest into the dev inbox, lets a few readers vote with its links,
 * drafts the next issue with their result, and prints the URLs that show it.
 */
class DemoCommandIT {

    @TempDir
    Path dir;

    @Test
    void demoSendsTheWeeksDigestAndPrintsWhereToSeeIt() throws Exception {
        try (ChildJvm demo = ChildJvm.start(dir, "demo", "--port", "0", "--data-dir", dir.resolve("data").toString())) {
            String out = demo.awaitLine("Stop with Ctrl+C.", Duration.ofSeconds(150));

            assertThat(out).contains("Demo catalog: 5 comparisons, 6 tools", "Send: issue 1: done", "4 sent, 0 failed",
                    "Votes: 24 demo votes from 4 readers' digests",
                    "Next issue: #2 (draft) with 1 comparison; last week readers voted on 4 comparisons");
            Matcher web = Pattern.compile("Web app:\\s+(http://localhost:\\d+)/").matcher(out);
            assertThat(web.find()).as(out).isTrue();
            String base = web.group(1);
            assertThat(out).contains("Digest preview:   " + base + "/editor/issues/1", "Dev inbox:        " + base + "/dev/inbox",
                    "Next issue:       " + base + "/editor/issues/2");

            HttpClient http = HttpClient.newHttpClient();
            String catalog = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(Jsoup.parse(catalog).select("article.comparison")).hasSize(5);
            String inbox = http.send(HttpRequest.newBuilder(URI.create(base + "/dev/inbox")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(inbox.split("Verdict Digest #1", -1)).hasSize(5);

            // Every copy carries both vote links of every tool of its comparisons; opening them all counts nothing.
            String catalogBefore = Jsoup.parse(catalog).select("p.community").text();
            int links = 0;
            for (int id = 0; id < 4; id++) {
                org.jsoup.nodes.Document message = Jsoup.parse(http.send(HttpRequest.newBuilder(
                        URI.create(base + "/dev/inbox/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body());
                java.util.List<String> votes = message.select("#links a[href*=/votes/]").eachAttr("href");
                String text = message.select("#text").text();
                assertThat(votes).as("message " + id).hasSize(4 * 4).allSatisfy(v -> assertThat(text).contains(v));
                if (!message.select("#html").isEmpty()) { // the demo has a plain-text reader too
                    assertThat(Jsoup.parse(message.select("#html").attr("srcdoc")).select("a[href*=/votes/]")
                            .eachAttr("href")).containsExactlyElementsOf(votes);
                }
                for (String v : votes) {
                    assertThat(http.send(HttpRequest.newBuilder(URI.create(v)).build(), HttpResponse.BodyHandlers.ofString())
                            .body()).contains("Count my verdict");
                    links++;
                }
            }
            assertThat(links).isEqualTo(64);
            String catalogAfter = Jsoup.parse(http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).select("p.community").text();
            assertThat(catalogAfter).isEqualTo(catalogBefore).contains("67% ship · 2 ship / 1 skip");

            // The next issue opens with what the demo's readers said.
            com.verdictdigest.support.Browserless editor = new com.verdictdigest.support.Browserless(base);
            editor.submit("/login", "/login", java.util.Map.of("username", java.util.List.of("editor"),
                    "password", java.util.List.of("editor-demo")));
            String next = Jsoup.parse(editor.get("/editor/issues/2").body()).select("#preview-text").text();
            assertThat(next).contains("LAST WEEK READERS SAID", "Ember 3B Edge vs Claude Haiku Open Weights: Ember 3B Edge 33% ship");
        }
    }

    /**
     * The demo's banner says how to point the CLI at its data; from any other directory a command
     * given --data-dir sees that data, and one not given it says where it looked and exits 1
     * instead of making an empty database and reporting "No issues yet."
     */
    @Test
    void theCliOnTheDemosDataWorksFromAnywhereWithDataDirAndSaysSoWithout() throws Exception {
        Path data = dir.resolve("data");
        Path elsewhere = java.nio.file.Files.createDirectories(dir.resolve("elsewhere"));
        try (ChildJvm demo = ChildJvm.start(dir, "demo", "--port", "0", "--data-dir", data.toString())) {
            String out = demo.awaitLine("Stop with Ctrl+C.", Duration.ofSeconds(150));
            assertThat(out).contains("Data directory:   " + data.toAbsolutePath(),
                    "CLI on this data: java -jar target/verdict-digest.jar --data-dir " + data.toAbsolutePath() + " digest list");

            ChildJvm.Result list = ChildJvm.run(elsewhere, Duration.ofSeconds(120), "--data-dir", data.toString(), "digest", "list");
            assertThat(list.exitCode()).as(list.output()).isZero();
            assertThat(list.output()).containsPattern("(?m)^1  sent  ").contains("Verdict Digest #1", "created issue #1");

            ChildJvm.Result status = ChildJvm.run(elsewhere, Duration.ofSeconds(120), "--data-dir", data.toString(), "send", "status", "1");
            assertThat(status.exitCode()).as(status.output()).isZero();
            assertThat(status.output()).contains("issue 1: done, 4 recipients: 4 sent");

            ChildJvm.Result lost = ChildJvm.run(elsewhere, Duration.ofSeconds(120), "digest", "list");
            assertThat(lost.exitCode()).isEqualTo(1);
            assertThat(lost.output()).contains("no database in the data directory " + elsewhere.resolve("data").toAbsolutePath(),
                    "--data-dir DIR", "VERDICT_DATA_DIR").doesNotContain("No issues yet", "Exception");
            assertThat(elsewhere.resolve("data/verdict.mv.db")).as("no empty database made").doesNotExist();
        }
    }
}
