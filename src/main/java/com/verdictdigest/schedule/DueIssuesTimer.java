package com.verdictdigest.schedule;

import java.time.Clock;

import com.verdictdigest.digest.IssueLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * In {@code serve} and {@code demo}: starts the send of every issue scheduled for a time that has
 * come (every {@code verdict.schedule.dispatch-interval}). It only starts sends; the issue's state
 * follows delivery's events. Several instances may run it: the issue's state change decides which
 * one starts a send, and starting twice adds nobody.
 */
@Component
@EnableScheduling
@ConditionalOnExpression("'${verdict.mode:serve}' != 'cli'")
class DueIssuesTimer {

    private static final Logger log = LoggerFactory.getLogger(DueIssuesTimer.class);

    private final IssueLifecycle lifecycle;
    private final Clock clock;

    DueIssuesTimer(IssueLifecycle lifecycle, Clock clock) {
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${verdict.schedule.dispatch-interval:15s}",
            fixedDelayString = "${verdict.schedule.dispatch-interval:15s}")
    void tick() {
        try {
            lifecycle.sendDue(clock.instant());
        } catch (RuntimeException e) {
            log.warn("starting scheduled issues failed: {}", e.getMessage(), e);
        }
    }
}
