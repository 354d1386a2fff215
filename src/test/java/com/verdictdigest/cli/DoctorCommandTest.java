package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.mail.DkimKeys;
import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.DatabaseMigrations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine;

/** {@code doctor} against a real SMTP + IMAP server (GreenMail) and a real database; DNS on a closed loopback port. */
class DoctorCommandTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(new ServerSetup[] {
            ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});

    @TempDir
    Path dir;

    final String url = TestDatabase.H2.freshUrl();
    Map<String, Object> config;

    record Run(int exit, String out) {
    }

    @BeforeEach
    void aCompleteConfiguration() throws Exception {
        mail.setUser("bounces@acme-verdicts.io", "bounces", "secret");
        Path key = dir.resolve("dkim.pem");
        Files.writeString(key, DkimKeys.privatePem(DkimKeys.generate()));
        config = new HashMap<>(Map.of(
                "spring.datasource.url", url,
                "spring.mail.host", "127.0.0.1",
                "spring.mail.port", mail.getSmtp().getPort(),
                "verdict.site.public-url", "https://news.acme-verdicts.io",
                "verdict.site.postal-address", "Acme Verdicts, 5 Harbour Road, Leith",
                "verdict.sender.domain", "acme-verdicts.io",
                "verdict.security.users[0].username", "ed",
                "verdict.security.users[0].password", "{noop}x",
                "verdict.security.users[0].roles", "ADMIN"));
        config.putAll(Map.of(
                "verdict.delivery.dkim.enabled", "true",
                "verdict.delivery.dkim.key-file", key.toString(),
                "verdict.delivery.bounces.enabled", "true",
                "verdict.delivery.bounces.protocol", "imap",
                "verdict.delivery.bounces.host", "127.0.0.1",
                "verdict.delivery.bounces.port", mail.getImap().getPort(),
                "verdict.delivery.bounces.user", "bounces",
                "verdict.delivery.bounces.password", "secret"));
    }

    Run doctor(String... extra) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = VerdictCli.commandLine(new VerdictCli(config));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        String[] args = new String[extra.length + 5];
        args[0] = "doctor";
        args[1] = "--timeout";
        args[2] = "3";
        args[3] = "--dns";
        args[4] = "127.0.0.1:" + closedUdpPort();
        System.arraycopy(extra, 0, args, 5, extra.length);
        return new Run(cl.execute(args), out.toString());
    }

    static int closedUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aGoodConfigurationPassesEveryCheckItCanMake() throws Exception {
        DatabaseMigrations.migrate(new DriverManagerDataSource(url, "sa", ""));

        Run r = doctor();

        assertThat(r.out()).containsPattern("ok +config identity")
                .containsPattern("ok +public URL +https://news.acme-verdicts.io")
                .containsPattern("ok +SMTP 127.0.0.1:\\d+ +EHLO: .*")
                .containsPattern("ok +DKIM key .*RSA 2048 bits")
                .containsPattern("skip +DKIM DNS verdict._domainkey.acme-verdicts.io +DNS unreachable")
                .containsPattern("ok +bounce mailbox imap://127.0.0.1:\\d+ +login accepted for bounces")
                .containsPattern("skip +unsubscribe mailbox +none of its own: mail to unsubscribe\\+TOKEN@ is read from the bounce mailbox")
                .containsPattern("ok +database .*migrated, version ");
        assertThat(r.exit()).as(r.out()).isZero();
    }

    @Test
    void theShippedH2DatabaseIsReadWithItsGeneratedPasswordAndNeverCreated() throws Exception {
        Path data = dir.resolve("data");
        config.remove("spring.datasource.url"); // application.yml's, in this data directory
        config.put("verdict.data-dir", data.toString());

        assertThat(doctor().out()).containsPattern("fail +database .*Database .* not found");
        assertThat(data.resolve("verdict.mv.db")).doesNotExist();

        try (com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource()) {
            String shipped = (String) new org.springframework.boot.env.YamlPropertySourceLoader()
                    .load("application.yml", new org.springframework.core.io.ClassPathResource("application.yml")).get(0)
                    .getProperty("spring.datasource.url");
            ds.setJdbcUrl(shipped.replace("${verdict.data-dir}", data.toString()));
            ds.setUsername("sa");
            new com.verdictdigest.system.EmbeddedH2(new com.verdictdigest.system.DataDirectory(data))
                    .postProcessAfterInitialization(ds, "dataSource");
            DatabaseMigrations.migrate(ds);
        }
        Run r = doctor();
        assertThat(r.out()).containsPattern("ok +database +jdbc:h2:file:.*migrated, version ");
        assertThat(r.exit()).as(r.out()).isZero();
    }

    @Test
    void aWrongSmtpPortFailsWithAHintAndExitCodeOne() throws Exception {
        DatabaseMigrations.migrate(new DriverManagerDataSource(url, "sa", ""));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            config.put("spring.mail.port", s.getLocalPort() + 0);
        }

        Run r = doctor();

        assertThat(r.out()).containsPattern("fail +SMTP 127.0.0.1:\\d+ +unreachable")
                .contains("hint: check spring.mail.host and spring.mail.port");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void anUnsubscribeMailboxOfItsOwnIsLoggedIntoAndAWrongPasswordFails() throws Exception {
        DatabaseMigrations.migrate(new DriverManagerDataSource(url, "sa", ""));
        mail.setUser("leave@acme-verdicts.io", "leave", "right");
        config.putAll(Map.of(
                "verdict.delivery.unsubscribe-mailbox.enabled", "true",
                "verdict.delivery.unsubscribe-mailbox.protocol", "imap",
                "verdict.delivery.unsubscribe-mailbox.host", "127.0.0.1",
                "verdict.delivery.unsubscribe-mailbox.port", mail.getImap().getPort(),
                "verdict.delivery.unsubscribe-mailbox.user", "leave",
                "verdict.delivery.unsubscribe-mailbox.password", "right"));

        Run good = doctor();
        assertThat(good.out()).containsPattern("ok +unsubscribe mailbox imap://127.0.0.1:\\d+ +login accepted for leave");
        assertThat(good.exit()).as(good.out()).isZero();

        config.put("verdict.delivery.unsubscribe-mailbox.password", "wrong");
        Run bad = doctor();
        assertThat(bad.out()).containsPattern("fail +unsubscribe mailbox .*login refused for leave")
                .contains("hint: check verdict.delivery.unsubscribe-mailbox.user and password");
        assertThat(bad.exit()).isEqualTo(1);
    }

    @Test
    void theExampleIdentityAWrongMailboxPasswordAndAnUnmigratedDatabaseEachFail() throws Exception {
        config.remove("verdict.site.public-url");
        config.put("verdict.delivery.bounces.password", "wrong");

        Run r = doctor();

        assertThat(r.out()).containsPattern("fail +config verdict.site.public-url")
                .containsPattern("fail +public URL +http://localhost:8080 is not https")
                .containsPattern("fail +bounce mailbox .*login refused for bounces")
                .containsPattern("fail +database .*not migrated")
                .containsPattern("ok +SMTP");
        assertThat(r.exit()).isEqualTo(1);
    }
}
