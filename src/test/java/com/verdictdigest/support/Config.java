package com.verdictdigest.support;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Validation;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * A configuration record as Spring Boot binds it: the record's own defaults, the given keys over
 * them, validated. Tests take settings from here rather than from a constructor, so they get the
 * defaults the product runs with.
 */
public final class Config {

    private Config() {
    }

    /** The record with every default. */
    public static <T> T defaults(Class<T> type) {
        return bind(type);
    }

    /**
     * @param properties {@code key=value}, the key relative to the record's prefix
     *                   ({@code "public-url=https://x.example"} for {@code verdict.site.public-url})
     * @throws org.springframework.boot.context.properties.bind.BindException on a value the record refuses
     */
    public static <T> T bind(Class<T> type, String... properties) {
        String prefix = prefix(type);
        Map<String, String> source = new LinkedHashMap<>();
        for (String p : properties) {
            int eq = p.indexOf('=');
            source.put(prefix + "." + p.substring(0, eq), p.substring(eq + 1));
        }
        SpringValidatorAdapter validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
        return new Binder(new MapConfigurationPropertySource(source))
                .bindOrCreate(prefix, Bindable.of(type), new ValidationBindHandler(validator));
    }

    public static String prefix(Class<?> type) {
        ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
        return annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
    }
}
