package com.verdictdigest.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code verdict.web.trusted-proxies} into Tomcat's own handling of forwarded headers
 * ({@code server.forward-headers-strategy: native}, its RemoteIpValve with the CIDRs as internal
 * proxies): X-Forwarded-For and X-Forwarded-Proto count only when the connection comes from one
 * of them. No trusted proxy: the strategy is {@code none} and those headers mean nothing. Also
 * marks the session cookie {@code Secure} when {@code verdict.site.public-url} is https.
 */
public class ForwardedHeadersEnvironment implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Binder binder = Binder.get(env);
        List<String> proxies = binder.bind("verdict.web.trusted-proxies", Bindable.listOf(String.class)).orElse(List.of());
        Map<String, Object> derived = new HashMap<>();
        if (proxies.isEmpty()) {
            derived.put("server.forward-headers-strategy", "none");
        } else {
            derived.put("server.forward-headers-strategy", "native");
            derived.put("server.tomcat.remoteip.internal-proxies", String.join(",", proxies.stream().map(String::strip).toList()));
            derived.put("server.tomcat.remoteip.remote-ip-header", "X-Forwarded-For");
            derived.put("server.tomcat.remoteip.protocol-header", "X-Forwarded-Proto");
        }
        if (env.getProperty("verdict.site.public-url", "").startsWith("https://")) {
            derived.put("server.servlet.session.cookie.secure", "true");
        }
        env.getPropertySources().addFirst(new MapPropertySource("verdict-forwarded-headers", derived));
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 2;
    }
}
