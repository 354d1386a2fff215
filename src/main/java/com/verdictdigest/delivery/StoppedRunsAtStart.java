package com.verdictdigest.delivery;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When {@code serve} (or {@code demo}) starts, the sent marks a killed run left in its journal are
 * written to the ledger, so the pages and {@code send status} count those copies before any send
 * runs again. Only in the web app: the CLI's lean contexts have no engine, and its sending
 * commands recover when their run starts ({@link SendEngine#recoverStoppedRuns}).
 */
@Component
@ConditionalOnWebApplication
class StoppedRunsAtStart {

    private final SendEngine engine;

    StoppedRunsAtStart(SendEngine engine) {
        this.engine = engine;
    }

    @EventListener(ApplicationReadyEvent.class)
    void recover() {
        engine.recoverStoppedRuns();
    }
}
