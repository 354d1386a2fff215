package com.verdictdigest.delivery;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stands in for the digest in Spring tests of the delivery and schedule features, only when
 * {@code verdict.test.issue-content=true} (so other features' tests never see it).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "verdict.test.issue-content", havingValue = "true")
public class TestIssueContentConfig {

    @Bean
    @org.springframework.context.annotation.Primary // over the digest's real one
    IssueContent testIssueContent() {
        return Engines.content(4_000);
    }
}
