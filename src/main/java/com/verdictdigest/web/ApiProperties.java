package com.verdictdigest.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param key the API key of {@code /api/**} ({@code verdict.api.key}); empty: the API refuses every request */
@ConfigurationProperties("verdict.api")
public record ApiProperties(@DefaultValue("") String key) {
}
