package com.verdictdigest.catalog;

import java.time.Instant;

/** A stored comparison of two tools. */
public record Comparison(long id, String slug, Instant publishedAt, ComparisonSide a, ComparisonSide b) {

    public String title() {
        return a.tool().name() + " vs " + b.tool().name();
    }

    public ComparisonInput toInput() {
        return new ComparisonInput(slug, publishedAt, a.toInput(), b.toInput());
    }
}
