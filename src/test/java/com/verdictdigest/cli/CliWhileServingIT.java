package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.util.Properties;
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

    /** serve's own identity, in ./application.yml of its working directory as an operator would write it. */
    static void writeIdentity(Path dir) throws Exception {
        Files.writeString(dir.resolve("application.yml"), """
                verdict:
                  site:
                    public-url: https://news.acme-verdicts.io
                    postal-address: Acme Verdicts, 5 Harbour Road, Leith
                  sender:
                    domain: acme-verdicts.io
                  security:
                    users:
                      - username: ed
                        password: "{noop}ed-password"
                        roles: [EDITOR]
                """);
    }

    @Test
    void importWhileServingLandsInTheRunningApp() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("data").resolve("verdict") + ";AUTO_SERVER=TRUE";
        writeIdentity(dir);
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

    /**
     * The AUTO_SERVER port that lets CLI commands reach serve's database listens on loopback only,
     * and the database files and their password are private to the user. Shown without sending a
     * packet: a port that another socket listens on for every address cannot be bound again on one
     * of them, so being able to bind it on this machine's other address means nothing listens there.
     */
    @Test
    void theDatabaseServerPortIsNotReachableOnANonLoopbackAddress() throws Exception {
        InetAddress external = NetworkInterface.networkInterfaces().filter(UP)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && a instanceof Inet4Address)
                .findFirst().orElse(null);
        assumeTrue(external != null, "this machine has no non-loopback IPv4 address to check the H2 port against");
        writeIdentity(dir);
        try (ChildJvm server = ChildJvm.start(dir, "serve", "--port", "0")) {
            server.awaitLine("running at", Duration.ofSeconds(90));
            Path data = dir.resolve("data");
            Properties lock = new Properties();
            try (var in = Files.newInputStream(data.resolve("verdict.lock.db"))) {
                lock.load(in);
            }
            String[] hostPort = lock.getProperty("server").split(":");
            assertThat(hostPort[0]).as("the address CLI commands are told to connect to").isIn("127.0.0.1", "localhost");
            int port = Integer.parseInt(hostPort[1]);

            try (ServerSocket sameOnLoopback = new ServerSocket()) {
                assertThatThrownBy(() -> sameOnLoopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
                        .as("H2 listens on 127.0.0.1:" + port).isInstanceOf(BindException.class);
            }
            try (ServerSocket sameOnExternal = new ServerSocket()) {
                sameOnExternal.bind(new InetSocketAddress(external, port));
                assertThat(sameOnExternal.isBound()).as("nothing listens on " + external.getHostAddress() + ":" + port).isTrue();
            }
            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(data.resolve("verdict.h2-password")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static final java.util.function.Predicate<NetworkInterface> UP = i -> {
        try {
            return i.isUp() && !i.isLoopback();
        } catch (java.net.SocketException e) {
            return false;
        }
    };
}
