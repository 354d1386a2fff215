package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.catalog.Panel;
import com.verdictdigest.catalog.SideInput;
import com.verdictdigest.catalog.ToolInput;
import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.IssueLifecycle;
import com.verdictdigest.digest.IssueState;
import com.verdictdigest.support.TestDatabase;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The poller works on its own thread: while it waits on a message whose parse hangs (a parser
 * hook that blocks until its thread is interrupted), a scheduled issue whose time comes is still
 * started by the dispatcher (which ran on the same scheduler thread as the poller before).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "verdict.mode=serve",
        "verdict.schedule.dispatch-interval=200ms",
        "verdict.delivery.bounces.enabled=true",
        "verdict.delivery.bounces.protocol=imap",
        "verdict.delivery.bounces.host=127.0.0.1",
        "verdict.delivery.bounces.user=bounces",
        "verdict.delivery.bounces.password=secret",
        "verdict.delivery.bounces.poll-interval=200ms",
        "verdict.delivery.bounces.initial-delay=0s",
        "verdict.delivery.bounces.parse-timeout=60s"})
class DispatchWhilePollerWaitsTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(new com.icegreen.greenmail.util.ServerSetup[] {
            ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()})
            .withPerMethodLifecycle(false);

    static final String DB = TestDatabase.H2.freshUrl();
    static final String HANGS = "Subject: this one hangs the parser";
    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch INTERRUPTED = new CountDownLatch(1);
    static final AtomicInteger CALLS = new AtomicInteger();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DB);
        registry.add("verdict.delivery.bounces.port", () -> greenMail.getImap().getPort());
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
    }

    /** The product's parser, except that it hangs on the marked message until interrupted. */
    @TestConfiguration
    static class HangingParser {
        @Bean
        BounceParsing bounceParsing() {
            BounceParser real = new BounceParser("verdicts.example.com");
            return raw -> {
                if (new String(raw, StandardCharsets.ISO_8859_1).contains(HANGS)) {
                    CALLS.incrementAndGet();
                    ENTERED.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        INTERRUPTED.countDown();
                        throw new UnparseableMessageException("interrupted");
                    }
                }
                return real.parse(raw);
            };
        }
    }

    @Autowired
    CatalogImporter catalog;

    @Autowired
    IssueLifecycle lifecycle;

    @Autowired
    DigestIssues issues;

    @Test
    void aScheduledIssueIsStartedWhileThePollerWaitsOnAMessageThatHangs() throws Exception {
        String hanging = new String(Fixtures.raw("gmail-452-4.2.2-over-quota.eml"), StandardCharsets.ISO_8859_1)
                .replaceFirst("(?m)^Subject:.*$", HANGS);
        greenMail.setUser("bounces@verdicts.example.com", "bounces", "secret").deliver(new MimeMessage(
                Session.getInstance(new Properties()), new ByteArrayInputStream(hanging.getBytes(StandardCharsets.ISO_8859_1))));
        await().atMost(Duration.ofSeconds(20)).until(() -> ENTERED.getCount() == 0);

        int number = draft();
        lifecycle.approve(number, "editor", Instant.now().plusSeconds(3));

        await().atMost(Duration.ofSeconds(20)).until(() -> issues.require(number).state() != IssueState.SCHEDULED);
        assertThat(issues.require(number).state()).isIn(IssueState.SENDING, IssueState.SENT);
        assertThat(INTERRUPTED.getCount()).as("the poller still waits on the message").isEqualTo(1);
        assertThat(CALLS.get()).isEqualTo(1);
    }

    private int draft() {
        SideInput a = new SideInput(new ToolInput("Hang Alpha", null, "Developer Tools", "A", null, "Free", "Entry", null, null),
                new Panel(Verdict.SHIP, 4, 0, 100), null, List.of());
        SideInput b = new SideInput(new ToolInput("Hang Beta", null, "Developer Tools", "B", null, "Free", "Entry", null, null),
                new Panel(Verdict.SKIP, 1, 3, 25), null, List.of());
        Instant published = Instant.now();
        catalog.store(new ComparisonInput(null, published, a, b), null);
        return lifecycle.closeWindow(null, published.plusMillis(1), "editor").orElseThrow().number();
    }
}
