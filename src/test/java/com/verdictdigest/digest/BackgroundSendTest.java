package com.verdictdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * In {@code serve}, a send started in this process is worked on as soon as it commits (the
 * background sender hears {@code SendStarted}), not when its poll next looks: the poll is an
 * hour here, and the issue is still sent within seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class BackgroundSendTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", TestDatabase.H2::freshUrl);
        r.add("spring.mail.host", () -> "127.0.0.1");
        r.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
        r.add("verdict.delivery.poll-interval", () -> "PT1H");
        r.add("verdict.schedule.enabled", () -> "false");
        r.add("verdict.schedule.dispatch-interval", () -> "1h");
    }

    @Autowired
    CatalogImporter catalog;

    @Autowired
    IssueLifecycle lifecycle;

    @Autowired
    DigestIssues issues;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anApprovedIssueIsSentAtOnceByThisInstance() {
        LifecycleFixture.readers(jdbc, 3);
        int number = LifecycleFixture.draft(catalog, lifecycle);

        lifecycle.approve(number, "editor");

        await().atMost(Duration.ofSeconds(10)).until(() -> issues.require(number).state() == IssueState.SENT);
        assertThat(greenMail.getReceivedMessages()).hasSize(3);
    }
}
