package com.verdictdigest.delivery;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.DevMailServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine against a real MTA's SMTP server: Postfix's smtp-sink (installed by .ci/run) on
 * loopback, which offers PIPELINING and fails every instance of a chosen command: {@code -r}
 * answers 4xx, {@code -f} 5xx, {@code -q} drops the connection, {@code -Q} answers 421 and drops.
 */
class SmtpSinkFaultIT {

    private static final List<String> RECIPIENTS = List.of("ann@example.com", "bob@example.com", "cy@example.com");

    @TempDir
    Path dir;
    private Process sink;
    private Path cleanUp;

    @AfterEach
    void stopSink() throws Exception {
        if (sink != null) {
            sink.destroy();
            sink.waitFor();
        }
        if (cleanUp != null) {
            try (Stream<Path> files = Files.walk(cleanUp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aHealthySinkGetsEveryMailOnceWithItsLastLineIntact() throws Exception {
        // smtp-sink writes as "nobody": a directory of its own right under the temp root, not in @TempDir (mode 700).
        Path dumps = Files.createTempDirectory("smtp-sink-dumps");
        Files.setPosixFilePermissions(dumps, PosixFilePermissions.fromString("rwxrwxrwx"));
        cleanUp = dumps;
        Run run = send("-d", dumps + "/mail-%H%M%S.");

        assertThat(run.state).isEqualTo(SendState.DONE);
        assertThat(run.ledger).containsOnlyKeys(RECIPIENTS).allSatisfy((email, state) -> assertThat(state).isEqualTo("sent"));
        List<String> mails = new ArrayList<>();
        try (Stream<Path> files = Files.list(dumps)) {
            for (Path f : files.toList()) {
                mails.add(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(mails).hasSize(RECIPIENTS.size());
        for (String recipient : RECIPIENTS) {
            assertThat(mails).filteredOn(m -> m.contains("To: " + recipient)).hasSize(1)
                    .allSatisfy(m -> assertThat(m).contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
                            .contains("Unsubscribe: https://app.verdicts.example.com/unsubscribe/"));
        }
    }

    @Test
    void aSoftRefusalOfEveryRecipientIsRetriedThenFails() throws Exception {
        Run run = send("-r", "RCPT");
        assertThat(run.state).isEqualTo(SendState.DONE);
        assertThat(run.ledger).containsOnlyKeys(RECIPIENTS).allSatisfy((email, state) -> assertThat(state).isEqualTo("failed"));
        assertThat(run.replies).allSatisfy(r -> assertThat(r).startsWith("4"));
        assertThat(run.attempts).containsOnly(2);
        assertThat(run.suppressed).isZero();
    }

    @Test
    void aHardUserUnknownFailsAtOnceAndSuppressesTheAddress() throws Exception {
        Run run = send("-f", "RCPT", "-B", "550 5.1.1 Recipient address rejected: User unknown");
        assertThat(run.ledger).allSatisfy((email, state) -> assertThat(state).isEqualTo("failed"));
        assertThat(run.replies).allSatisfy(r -> assertThat(r).startsWith("550 5.1.1"));
        assertThat(run.attempts).containsOnly(1);
        assertThat(run.suppressed).isEqualTo(RECIPIENTS.size());
    }

    /** -q RCPT: the connection drops at RCPT; -Q MAIL: 421 at MAIL FROM, then the drop. */
    @ParameterizedTest(name = "smtp-sink {0} {1}")
    @CsvSource({"-q, RCPT", "-Q, MAIL"})
    void aDroppedConnectionOrA421IsRetriedOnANewConnectionNotBounced(String flag, String command) throws Exception {
        Run run = send(flag, command);
        assertThat(run.ledger).allSatisfy((email, state) -> assertThat(state).isEqualTo("failed"));
        assertThat(run.attempts).containsOnly(2);
        assertThat(run.suppressed).isZero();
    }

    private record Run(SendState state, Map<String, String> ledger, List<String> replies, List<Integer> attempts,
                       long suppressed) {
    }

    /** Three subscribers, two connections, two attempts per row, through a sink started with {@code flags}. */
    private Run send(String... flags) throws Exception {
        int port = DevMailServer.freePort();
        List<String> command = new ArrayList<>(List.of(smtpSink(), "-u", "nobody"));
        command.addAll(List.of(flags));
        command.addAll(List.of("127.0.0.1:" + port, "16"));
        sink = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("sink.log").toFile()).start();
        awaitListening(port);

        DataSource ds = TestDatabase.H2.fresh();
        JdbcClient jdbc = JdbcClient.create(ds);
        for (String email : RECIPIENTS) {
            SendEngineTest.subscriber(jdbc, email, null);
        }
        Engines e = new Engines(ds, Engines.props(2, 2, Duration.ofMillis(50), Duration.ofMinutes(1), 0, null), port,
                Engines.content(4_000));
        e.service.start(5);
        SendState state = e.engine.run(5, null);
        return new Run(state, SendEngineTest.ledger(jdbc, 5),
                jdbc.sql("select coalesce(smtp_reply, error) from delivery_ledger where issue_number = 5").query(String.class).list(),
                jdbc.sql("select attempts from delivery_ledger where issue_number = 5").query(Integer.class).list(),
                jdbc.sql("select count(*) from suppression").query(Long.class).single());
    }

    private static String smtpSink() {
        for (String d : (System.getenv("PATH") + File.pathSeparator + "/usr/sbin").split(File.pathSeparator)) {
            File f = new File(d, "smtp-sink");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        throw new IllegalStateException("smtp-sink not found: install Debian's postfix package (.ci/run does)");
    }

    /** A refused connection (ConnectException, an IOException) means not yet: ignoreException would match IOException only. */
    private static void awaitListening(int port) {
        await("smtp-sink listening on " + port).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                    new Socket("127.0.0.1", port).close();
                    return true;
                });
    }
}
