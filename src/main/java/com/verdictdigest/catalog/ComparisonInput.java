package com.verdictdigest.catalog;

import java.time.Instant;

/**
 * A comparison as it comes in from a page, a JSON file or the REST API: the one shape every
 * importer produces and {@link CatalogImporter} stores. Slug and publishedAt are optional.
 */
public record ComparisonInput(String slug, Instant publishedAt, SideInput a, SideInput b) {
}
