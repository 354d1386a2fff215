package com.verdictdigest.catalog;

import java.util.List;
import java.util.Optional;

/** A stored side of a comparison: the tool with the panel's verdict and the reviews of it. */
public record ComparisonSide(Tool tool, Panel panel, Decision decision, List<Review> reviews) {

    public Optional<Review> review(Persona persona) {
        return reviews.stream().filter(r -> r.persona() == persona).findFirst();
    }

    public SideInput toInput() {
        return new SideInput(tool.toInput(), panel, decision, reviews);
    }
}
