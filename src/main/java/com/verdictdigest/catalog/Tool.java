package com.verdictdigest.catalog;

import java.time.Instant;

/** A stored tool. */
public record Tool(long id, String slug, String name, String category, String tagline, String description,
                   String pricing, String positioning, Integer communityPct, Instant firstSeenAt) {

    public ToolInput toInput() {
        return new ToolInput(name, slug, category, tagline, description, pricing, positioning, communityPct,
                firstSeenAt);
    }
}
