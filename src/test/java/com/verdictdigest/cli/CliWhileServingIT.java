package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.verdictdigest.support.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A CLI command run while {@code serve} is up on the same H2 file works on the same data
 * (H2 AUTO_SERVER) instead of failing on a locked database. {@code serve} runs in a child JVM, as
 * it would for a user.
 */
class CliWhileServingIT {

    @TempDir
    Path dir;

    @Test
    void importWhileServingLandsInTheRunningApp() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("data").resolve("verdict") + ";AUTO_SERVER=TRUE";
        try (ChildJvm server = ChildJvm.start(dir, "serve", "--port", "0")) {
            Matcher running = Pattern.compile("running at (http://\\S+)").matcher(
                    server.awaitLine("running at", Duration.ofSeconds(90)));
            assertThat(running.find()).isTrue();
            String base = running.group(1);

            StringWriter out = new StringWriter();
            CommandLine cli = VerdictCli.commandLine(new VerdictCli(Map.of("spring.datasource.url", url)));
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(out, true));
            Path pages = Path.of(getClass().getResource("/pages/good").toURI());
            int code = cli.execute("import-pages", pages.toString());

            assertThat(code).as(out.toString()).isZero();
            assertThat(out.toString()).contains("3 created");
            HttpResponse<String> catalog = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(catalog.body()).contains("ParseGrid vs TableTalk");
        }
    }
}
