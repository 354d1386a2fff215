package com.verdictdigest.catalog;

/** The rows of a page's "Decision" table for one side, each null when the page has no such row. */
public record Decision(String community, String pricing, String bestFor, String category) {

    public static final Decision NONE = new Decision(null, null, null, null);
}
