package com.verdictdigest.subscribers;

import java.net.URI;
import java.util.List;

import com.verdictdigest.system.SiteProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets the comparison site (and any origin listed in {@code verdict.subscribers.embed-origins})
 * call the JSON sign-up endpoint from its own pages' scripts. No cookies cross: the endpoint is
 * stateless and needs none.
 */
@Configuration(proxyBeanMethods = false)
class SignupEmbedding implements WebMvcConfigurer {

    private final List<String> origins;

    SignupEmbedding(SubscribersProperties properties, SiteProperties site) {
        this.origins = properties.embedOrigins().isEmpty() ? List.of(origin(site.baseUrl())) : properties.embedOrigins();
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/api/public/subscribe")
                .allowedOrigins(origins.toArray(String[]::new))
                .allowedMethods("POST")
                .allowedHeaders("Content-Type")
                .allowCredentials(false)
                .maxAge(3600);
    }

    private static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }
}
