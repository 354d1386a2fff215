package com.verdictdigest.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/** {@code verdict.delivery.*} meters for Actuator: what the engine did, and how busy it is. */
@Component
public class DeliveryMetrics {

    final Counter sent;
    final Counter failed;
    final Counter retried;
    final Counter hardBounces;
    final Counter connectionFailures;
    final Timer smtp;
    final Timer claim;
    final AtomicInteger activeSenders = new AtomicInteger();

    public DeliveryMetrics(MeterRegistry registry) {
        sent = Counter.builder("verdict.delivery.sent").description("messages accepted by the SMTP server").register(registry);
        failed = Counter.builder("verdict.delivery.failed").description("recipients given up on").register(registry);
        retried = Counter.builder("verdict.delivery.retried").description("attempts put back for a retry").register(registry);
        hardBounces = Counter.builder("verdict.delivery.hard.bounces").description("addresses suppressed on a 5.1.x reply").register(registry);
        connectionFailures = Counter.builder("verdict.delivery.connection.failures").description("failed SMTP connection attempts").register(registry);
        smtp = Timer.builder("verdict.delivery.smtp").description("time to hand one message to the SMTP server").register(registry);
        claim = Timer.builder("verdict.delivery.claim").description("time to claim a batch of due ledger rows").register(registry);
        registry.gauge("verdict.delivery.senders.active", activeSenders);
    }
}
