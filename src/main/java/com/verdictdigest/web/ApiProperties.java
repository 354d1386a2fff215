package com.verdictdigest.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param key the API key of {@code /api/**}; without one the API refuses every request */
@ConfigurationProperties("verdict.api")
public record ApiProperties(String key) {
}
