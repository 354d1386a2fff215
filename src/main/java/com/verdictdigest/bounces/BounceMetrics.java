package com.verdictdigest.bounces;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.stereotype.Component;

/** {@code verdict.bounces}: messages acted on, by kind (hard, soft, complaint, ...) and reason. */
@Component
public class BounceMetrics {

    /** Counts into a registry nobody reads: for processors built by hand (tests, tools). */
    static final BounceMetrics NONE = new BounceMetrics(new SimpleMeterRegistry());

    private final MeterRegistry registry;

    public BounceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void processed(Bounce bounce) {
        Counter.builder("verdict.bounces").description("bounce mailbox messages acted on, by kind and reason")
                .tag("kind", bounce.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .tag("reason", bounce.reason() == null ? "none" : bounce.reason().label())
                .register(registry).increment();
    }
}
