package com.verdictdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.delivery.SendState;
import com.verdictdigest.delivery.SendEngine;
import com.verdictdigest.delivery.SendService;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One lifecycle for an issue and its send: what delivery announces moves the issue in the same
 * transaction, with no poller between them. No background sender runs here; each test runs the
 * engine itself, so the issue's state can be read the moment the engine returns.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class IssueLifecycleTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", TestDatabase.H2::freshUrl);
        r.add("spring.mail.host", () -> "127.0.0.1");
        r.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
        r.add("verdict.delivery.worker", () -> "false");
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
    SendService sends;

    @Autowired
    SendEngine engine;

    @Autowired
    JdbcClient jdbc;

    int approved() {
        LifecycleFixture.readers(jdbc, 2);
        int number = LifecycleFixture.draft(catalog, lifecycle);
        lifecycle.approve(number, "editor");
        return number;
    }

    IssueState state(int number) {
        return issues.require(number).state();
    }

    @Test
    void approvingStartsTheSendAndTheIssueIsSentTheMomentTheSendFinishes() throws Exception {
        int number = approved();
        assertThat(state(number)).isEqualTo(IssueState.SENDING);
        assertThat(sends.state(number)).contains(SendState.RUNNING);

        assertThat(engine.run(number, null)).isEqualTo(SendState.DONE);

        assertThat(state(number)).as("no poller in between: sent when the engine returns").isEqualTo(IssueState.SENT);
        IssueEvent sent = issues.history(number).get(issues.history(number).size() - 1);
        assertThat(sent.action()).isEqualTo("sent");
        assertThat(sent.detail()).matches("\\d+ sent, 0 failed, 0 skipped");
        assertThat(issues.history(number)).extracting(IssueEvent::action).containsExactly("created", "approved", "sending", "published", "sent");
    }

    @Test
    void cancellingARunningSendCancelsItsIssue() {
        int number = approved();

        assertThat(sends.cancel(number, "cli:ops")).isTrue();

        assertThat(state(number)).isEqualTo(IssueState.CANCELLED);
        IssueEvent last = issues.history(number).get(issues.history(number).size() - 1);
        assertThat(last.actor()).isEqualTo("cli:ops");
        assertThat(last.fromState()).isEqualTo(IssueState.SENDING);
        assertThat(last.toState()).isEqualTo(IssueState.CANCELLED);
        assertThatThrownBy(() -> lifecycle.cancel(number, "editor")).isInstanceOf(IssueStateException.class)
                .hasMessageContaining("is cancelled");
    }

    @Test
    void cancellingASendingIssueCancelsItsSendRunningOrPaused() {
        int running = approved();
        assertThat(lifecycle.cancel(running, "editor").state()).isEqualTo(IssueState.CANCELLED);
        assertThat(sends.state(running)).contains(SendState.CANCELLED);

        int paused = approved();
        assertThat(sends.pause(paused, "typo in the intro")).isTrue();
        assertThat(state(paused)).isEqualTo(IssueState.SENDING);
        assertThat(lifecycle.cancel(paused, "editor").state()).isEqualTo(IssueState.CANCELLED);
        assertThat(sends.state(paused)).contains(SendState.CANCELLED);
        assertThat(issues.history(paused)).extracting(IssueEvent::action)
                .containsExactly("created", "approved", "sending", "send-paused", "cancelled");
        assertThat(jdbc.sql("select count(*) from delivery_ledger where issue_number = :n and state = 'queued'")
                .param("n", paused).query(Long.class).single()).as("nobody left to mail").isZero();
    }

    @Test
    void draftsAndScheduledIssuesAreCancelledWithoutASend() {
        int draft = LifecycleFixture.draft(catalog, lifecycle);
        assertThat(lifecycle.cancel(draft, "editor").state()).isEqualTo(IssueState.CANCELLED);

        int scheduled = LifecycleFixture.draft(catalog, lifecycle);
        lifecycle.approve(scheduled, "editor", Instant.now().plus(Duration.ofDays(1)));
        assertThat(state(scheduled)).isEqualTo(IssueState.SCHEDULED);
        assertThat(lifecycle.cancel(scheduled, "editor").state()).isEqualTo(IssueState.CANCELLED);
        assertThat(sends.state(draft)).isEmpty();
        assertThat(sends.state(scheduled)).isEmpty();
    }

    @Test
    void aScheduledIssueStartsWhenItsTimeHasCome() {
        LifecycleFixture.readers(jdbc, 1);
        int number = LifecycleFixture.draft(catalog, lifecycle);
        Instant at = Instant.now().plus(Duration.ofHours(1));
        lifecycle.approve(number, "editor", at);

        assertThat(lifecycle.sendDue(at.minusSeconds(1))).isZero();
        assertThat(sends.state(number)).isEmpty();

        assertThat(lifecycle.sendDue(at)).isEqualTo(1);
        assertThat(state(number)).isEqualTo(IssueState.SENDING);
        assertThat(issues.history(number)).extracting(IssueEvent::action)
                .containsExactly("created", "approved", "scheduled", "sending");
        assertThat(lifecycle.sendDue(at)).as("started once").isZero();
        sends.cancel(number, "test");
    }

    @Test
    void aSendOfAnIssueNotApprovedIsRefusedAndLeavesNothing() {
        int draft = LifecycleFixture.draft(catalog, lifecycle);

        assertThatThrownBy(() -> sends.start(draft)).isInstanceOf(IssueStateException.class)
                .hasMessageContaining("is draft");

        assertThat(sends.state(draft)).as("the start was rolled back").isEmpty();
        assertThat(state(draft)).isEqualTo(IssueState.DRAFT);
        lifecycle.cancel(draft, "test");
    }
}
