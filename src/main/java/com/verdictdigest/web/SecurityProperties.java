package com.verdictdigest.web;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may log in ({@code verdict.security.users}).
 *
 * @param users web users; none by default (nobody can log in)
 */
@ConfigurationProperties("verdict.security")
@Validated
public record SecurityProperties(@DefaultValue List<@Valid User> users) {

    public SecurityProperties {
        users = List.copyOf(users);
    }

    /**
     * @param password in Spring's encoded form, e.g. {@code {bcrypt}$2a$10$...}
     * @param roles    EDITOR and/or ADMIN
     */
    public record User(@NotBlank String username, @NotBlank String password,
                       @DefaultValue List<@Pattern(regexp = "EDITOR|ADMIN", message = "must be EDITOR or ADMIN") String> roles) {
    }
}
