package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.verdictdigest.VerdictDigestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A CLI command run while {@code serve} is up on the same H2 file works on the same data
 * (H2 AUTO_SERVER) instead of failing on a locked database. {@code serve} runs in a child JVM, as
 * it would for a user.
 */
class CliWhileServingTest {

    @TempDir
    Path dir;

    Process server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void importWhileServingLandsInTheRunningApp() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("data").resolve("verdict") + ";AUTO_SERVER=TRUE";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                VerdictDigestApplication.class.getName(), "serve", "--port", "0"))
                .redirectErrorStream(true)
                .directory(dir.toFile())
                .start();
        server.getOutputStream().close();
        String base = awaitBaseUrl(server, Duration.ofSeconds(90));

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

    /** Reads the child's output until it says where it listens; the database URL is its default. */
    private static String awaitBaseUrl(Process p, Duration timeout) throws Exception {
        Pattern running = Pattern.compile("running at (http://\\S+)");
        Instant deadline = Instant.now().plus(timeout);
        StringBuilder seen = new StringBuilder();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while (Instant.now().isBefore(deadline) && (line = r.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = running.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> r.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new AssertionError("serve did not start:\n" + seen);
    }
}
