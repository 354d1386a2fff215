package com.verdictdigest.catalog;

import java.util.List;

/** One tool's side of a comparison as a source states it. */
public record SideInput(ToolInput tool, Panel panel, Decision decision, List<Review> reviews) {

    public SideInput {
        panel = panel == null ? Panel.UNKNOWN : panel;
        decision = decision == null ? Decision.NONE : decision;
        reviews = reviews == null ? List.of() : List.copyOf(reviews);
    }
}
