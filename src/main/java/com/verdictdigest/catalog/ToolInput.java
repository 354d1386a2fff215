package com.verdictdigest.catalog;

import java.time.Instant;

/**
 * A tool as a source describes it. Identity is the normalised name; slug and firstSeenAt are
 * optional (derived, or the import time) and never change once the tool is stored.
 */
public record ToolInput(String name, String slug, String category, String tagline, String description,
                        String pricing, String positioning, Integer communityPct, Instant firstSeenAt) {
}
