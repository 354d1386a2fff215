package com.verdictdigest.schedule;

import java.time.Clock;

import com.verdictdigest.digest.IssueLifecycle;
import com.verdictdigest.system.RunMode.ConditionalOnBackgroundWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * In {@code serve} and {@code demo}: starts the send of every issue scheduled for a time that has
 * come (every {@code verdict.schedule.dispatch-interval}). It only starts sends; the issue's state
 * follows delivery's events. Several instances may run it: the issue's state change decides which
 * one starts a send, and starting twice adds nobody.
 */
@Component
@EnableScheduling
@ConditionalOnBackgroundWork
class DueIssuesTimer implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(DueIssuesTimer.class);

    private final IssueLifecycle lifecycle;
    private final ScheduleProperties properties;
    private final Clock clock;

    DueIssuesTimer(IssueLifecycle lifecycle, ScheduleProperties properties, Clock clock) {
        this.lifecycle = lifecycle;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::tick, properties.dispatchInterval(), properties.dispatchInterval()));
    }

    void tick() {
        try {
            lifecycle.sendDue(clock.instant());
        } catch (RuntimeException e) {
            log.warn("starting scheduled issues failed: {}", e.getMessage(), e);
        }
    }
}
