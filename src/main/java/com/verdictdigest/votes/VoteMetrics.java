package com.verdictdigest.votes;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import com.verdictdigest.votes.VoteService.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** {@code verdict.votes{outcome}}: what the vote POSTs did (counted, changed, refused and why). */
@Component
class VoteMetrics {

    private final Map<Outcome, Counter> posts = new EnumMap<>(Outcome.class);

    VoteMetrics(MeterRegistry registry) {
        // registered up front: the POST path only increments, and a scrape shows every outcome from the start
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.ASK) {
                posts.put(o, Counter.builder("verdict.votes").description("vote POSTs, by outcome")
                        .tag("outcome", o.name().toLowerCase(Locale.ROOT).replace('_', '-')).register(registry));
            }
        }
    }

    void posted(Outcome outcome) {
        Counter c = posts.get(outcome);
        if (c != null) {
            c.increment();
        }
    }
}
