package com.verdictdigest.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may log in ({@code verdict.security.users}) and the key the publishing site uses for the
 * REST API ({@code verdict.api.key}, env {@code VERDICT_API_KEY}).
 *
 * @param users web users; passwords in Spring's encoded form, e.g. {@code {bcrypt}$2a$10$...}
 */
@ConfigurationProperties("verdict.security")
public record SecurityProperties(List<User> users) {

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /** @param roles EDITOR and/or ADMIN */
    public record User(String username, String password, List<String> roles) {
    }
}
