package com.verdictdigest.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * In {@code serve} and {@code demo}: looks for approved issues to send and finished sends to
 * close. Several instances may run it at once; the issue's state change decides who starts a send.
 */
@Component
@EnableScheduling
@ConditionalOnExpression("'${verdict.mode:serve}' != 'cli'")
class DispatchTimer {

    private static final Logger log = LoggerFactory.getLogger(DispatchTimer.class);

    private final IssueDispatcher dispatcher;

    DispatchTimer(IssueDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Scheduled(initialDelayString = "${verdict.schedule.dispatch-interval:15s}",
            fixedDelayString = "${verdict.schedule.dispatch-interval:15s}")
    void tick() {
        try {
            dispatcher.reconcile();
        } catch (RuntimeException e) {
            log.warn("dispatching approved issues failed: {}", e.getMessage(), e);
        }
    }
}
