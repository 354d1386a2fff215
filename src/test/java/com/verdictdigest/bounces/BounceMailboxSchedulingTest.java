package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.VerdictDigestApplication;
import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.RunMode;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application polls the bounce mailbox by itself when enabled, and never in CLI mode. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "verdict.mode=serve",
        "verdict.delivery.bounces.enabled=true",
        "verdict.delivery.bounces.protocol=imap",
        "verdict.delivery.bounces.host=127.0.0.1",
        "verdict.delivery.bounces.user=bounces",
        "verdict.delivery.bounces.password=secret",
        "verdict.delivery.bounces.poll-interval=200ms",
        "verdict.delivery.bounces.initial-delay=0s"})
class BounceMailboxSchedulingTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
            .withPerMethodLifecycle(false);

    static final String DB = TestDatabase.H2.freshUrl();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DB);
        registry.add("verdict.delivery.bounces.port", () -> greenMail.getImap().getPort());
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @Test
    void aBounceDeliveredToTheMailboxIsProcessedWithoutAnyoneAsking() throws Exception {
        long alice = BounceProcessorTest.insertSubscriber(jdbc, "alice@example.org", "q7Hk2LmN9pR4sT1vW8xYzA");
        greenMail.setUser("bounces@verdicts.example.com", "bounces", "secret")
                .deliver(new MimeMessage(Session.getInstance(new Properties()),
                        new ByteArrayInputStream(Fixtures.raw("postfix-5.1.1-user-unknown.eml"))));

        // The message leaves the mailbox only after its transaction committed.
        await().atMost(Duration.ofSeconds(20)).until(() -> greenMail.getReceivedMessages().length == 0);

        assertThat(context.getBeansOfType(BounceMailboxPoller.class)).hasSize(1);
        assertThat(jdbc.sql("select status from subscriber where id = :id").param("id", alice)
                .query(String.class).single()).isEqualTo("bounced");
    }

    @Test
    void cliCommandsNeverPollTheMailbox() {
        try (ConfigurableApplicationContext cli = new SpringApplicationBuilder(VerdictDigestApplication.class)
                .web(WebApplicationType.NONE)
                // As SpringCommand boots a CLI command: no web server, mode "cli" over every other source.
                .properties(Map.of("logging.level.root", "WARN"))
                .initializers(ctx -> ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test",
                        Map.of(RunMode.KEY, RunMode.CLI.value(), "verdict.delivery.bounces.enabled", "true",
                                "spring.datasource.url", TestDatabase.H2.freshUrl()))))
                .run()) {
            assertThat(cli.getBeansOfType(BounceMailboxPoller.class)).isEmpty();
            assertThat(cli.getBeansOfType(BounceProcessor.class)).hasSize(1);
        }
    }
}
