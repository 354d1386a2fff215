/**
 * Tools, comparisons and reviews: the page parser, the JSON format, the REST API, the catalog page.
 * Owns the tables tool, comparison, review.
 */
@ApplicationModule(displayName = "Catalog", allowedDependencies = "system")
package com.verdictdigest.catalog;

import org.springframework.modulith.ApplicationModule;
