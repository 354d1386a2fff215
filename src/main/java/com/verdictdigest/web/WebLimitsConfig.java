package com.verdictdigest.web;

import com.verdictdigest.system.DataDirectory;
import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.core.StreamReadConstraints;

/**
 * Bounds on what a request may cost before a controller sees it: body sizes, multipart uploads
 * spooled only into the data directory's private {@code uploads/incoming}, and Jackson's limits
 * on what it parses (no request body is larger than {@code verdict.web.max-staff-body} anyway).
 */
@Configuration(proxyBeanMethods = false)
class WebLimitsConfig {

    /** Where Tomcat spools an upload: never the shared temporary directory (personal data). */
    static final String UPLOAD_SPOOL = "uploads/incoming";

    @Bean
    @ConditionalOnWebApplication
    FilterRegistrationBean<RequestLimits> requestLimits(WebProperties properties) {
        FilterRegistrationBean<RequestLimits> registration = new FilterRegistrationBean<>(new RequestLimits(properties));
        // After the character encoding filter, before the forwarded-header, security and multipart handling.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    @ConditionalOnWebApplication
    MultipartConfigElement multipartConfigElement(MultipartProperties multipart, DataDirectory data, WebProperties properties) {
        MultipartProperties spooled = multipart;
        spooled.setLocation(data.privateDirectory(UPLOAD_SPOOL).toString());
        // Above every anonymous body limit: only the admin's import can ever reach the disk.
        spooled.setFileSizeThreshold(org.springframework.util.unit.DataSize.ofBytes(
                Math.max(64 * 1024, 2 * properties.maxBody().toBytes())));
        return spooled.createMultipartConfig();
    }

    @Bean
    JsonFactoryBuilderCustomizer streamReadConstraints(WebProperties properties) {
        int document = (int) Math.min(Integer.MAX_VALUE, properties.maxStaffBody().toBytes());
        return builder -> builder.streamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(document)
                .maxStringLength(Math.min(document, 200_000))
                .maxNameLength(1_000)
                .maxNestingDepth(64)
                .maxNumberLength(100)
                .build());
    }
}
