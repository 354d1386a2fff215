package com.verdictdigest.web;

import com.verdictdigest.system.SiteProperties;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Behind a proxy: Tomcat's RemoteIpValve (what {@code server.forward-headers-strategy: native}
 * installs) with {@code verdict.web.trusted-proxies} as its only internal proxies, so
 * X-Forwarded-For and X-Forwarded-Proto count only when the connection comes from one of them;
 * with none configured no valve is installed and those headers mean nothing
 * ({@code server.forward-headers-strategy} stays {@code none}: Boot's own valve would trust every
 * private address). The session cookie is {@code Secure} when the public URL is https.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ProxyConfig {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> trustedProxies(WebProperties web, SiteProperties site) {
        return factory -> {
            if (!web.trustedProxies().isEmpty()) {
                RemoteIpValve valve = new RemoteIpValve();
                valve.setInternalProxies(String.join(",", web.trustedProxies().stream().map(String::strip).toList()));
                valve.setTrustedProxies(null);
                valve.setRemoteIpHeader("X-Forwarded-For");
                valve.setProtocolHeader("X-Forwarded-Proto");
                valve.setProtocolHeaderHttpsValue("https");
                factory.addEngineValves(valve);
            }
            if (site.publicUrl().startsWith("https://")) {
                factory.getSettings().getSession().getCookie().setSecure(true);
            }
        };
    }
}
