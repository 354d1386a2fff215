package com.verdictdigest.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code verdict.delivery.queue}: recipients still to be sent to, over every send, as the database
 * has it (so every instance reports the same number), read when the meter is scraped.
 */
@Component
class DeliveryQueueGauge {

    DeliveryQueueGauge(DeliveryRepository repository, MeterRegistry registry) {
        Gauge.builder("verdict.delivery.queue", repository, r -> {
                    try {
                        return r.countWaiting();
                    } catch (RuntimeException e) {
                        return Double.NaN; // database unreachable: the health check says so
                    }
                })
                .description("ledger rows queued or claimed, over every send")
                .register(registry);
    }
}
