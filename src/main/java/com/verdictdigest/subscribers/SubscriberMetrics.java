package com.verdictdigest.subscribers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** {@code verdict.subscribers.*} meters: sign-up requests, the mails they led to, confirmations. */
@Component
class SubscriberMetrics {

    private final MeterRegistry registry;
    private final Counter signups;
    private final Counter confirmations;

    SubscriberMetrics(MeterRegistry registry) {
        this.registry = registry;
        signups = Counter.builder("verdict.subscribers.signups").description("sign-up requests recorded").register(registry);
        confirmations = Counter.builder("verdict.subscribers.confirmations").description("sign-ups confirmed").register(registry);
    }

    void signupRequested() {
        signups.increment();
    }

    void confirmed() {
        confirmations.increment();
    }

    /** What the outbox did with a request: confirmation-sent, already-subscribed-sent, daily-limit-reached, not-mailable, retry, given-up. */
    void outbox(String result) {
        Counter.builder("verdict.subscribers.outbox").description("sign-up requests worked by the outbox, by result")
                .tag("result", result).register(registry).increment();
    }
}
