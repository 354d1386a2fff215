package com.verdictdigest.web;

import java.util.List;

import com.verdictdigest.system.SiteProperties;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Two chains: the machine API (stateless, API key, no CSRF) and the web app (form login, CSRF on
 * every form). Editor pages need EDITOR, admin pages ADMIN; subscribers' pages are public.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication // CLI commands boot without a web server, hence without HttpSecurity
public class SecurityConfig {

    /**
     * Every page: scripts only from this origin (no inline script, no on*= handler; the editor's
     * mail previews are sandboxed iframes), styles inline allowed (the layout's and the mails'),
     * images also from https (mails show remote images), no framing, no plugins.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: https:; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /** CSP, Referrer-Policy, and HSTS on every answer when the public URL is https (behind a TLS proxy too). */
    static void headers(HttpSecurity http, SiteProperties site) throws Exception {
        boolean https = site.publicUrl().startsWith("https://");
        http.headers(h -> {
            h.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY));
            h.referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN));
            if (https) {
                h.httpStrictTransportSecurity(hsts -> hsts.requestMatcher(AnyRequestMatcher.INSTANCE)
                        .maxAgeInSeconds(365L * 24 * 3600).includeSubDomains(false));
            } else {
                h.httpStrictTransportSecurity(hsts -> hsts.disable());
            }
        });
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiProperties api, SiteProperties site) throws Exception {
        headers(http, site);
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyFilter(api.key()), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/public/**").permitAll()
                        .anyRequest().hasAuthority(ApiKeyFilter.ROLE))
                .exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) -> {
                    res.setStatus(HttpStatus.UNAUTHORIZED.value());
                    res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                    res.setCharacterEncoding("UTF-8");
                    res.setHeader("WWW-Authenticate", "Bearer");
                    res.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                            + "\"detail\":\"A valid API key is required (Authorization: Bearer KEY).\"}");
                }));
        return http.build();
    }

    /**
     * Actuator: health for everyone (details for admins), the rest (metrics, Prometheus) for admins
     * with HTTP Basic, as a scraper logs in; wrong passwords count against the same login throttle.
     */
    @Bean
    @Order(2)
    SecurityFilterChain actuatorChain(HttpSecurity http, SiteProperties site, LoginThrottle throttle, LoginAudit audit)
            throws Exception {
        headers(http, site);
        http.securityMatcher("/actuator/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new LoginThrottleFilter(throttle, audit), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .httpBasic(basic -> basic.authenticationEntryPoint(LoginThrottleFilter.basicEntryPoint(throttle, audit)));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain webChain(HttpSecurity http, SiteProperties site, LoginThrottle throttle, LoginAudit audit)
            throws Exception {
        headers(http, site);
        http.addFilterBefore(new LoginThrottleFilter(throttle, audit), UsernamePasswordAuthenticationFilter.class);
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/editor/**").hasAnyRole("EDITOR", "ADMIN")
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .anyRequest().permitAll())
                // RFC 8058: the one-click unsubscribe POST comes from the mailbox provider, without a token.
                // A vote's POST, likewise, is authorised by the signed token in its URL alone.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/unsubscribe/**", "/votes/**"))
                .formLogin(form -> form.loginPage("/login").permitAll()
                        .failureHandler(LoginThrottleFilter.failureHandler(throttle, audit)))
                // POST /logout with the CSRF token (the layout's button); GET /logout is a page with that button.
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService userDetailsService(SecurityProperties properties) {
        List<UserDetails> users = properties.users().stream()
                .map(u -> User.withUsername(u.username())
                        .password(u.password())
                        .roles(u.roles() == null ? new String[0] : u.roles().toArray(String[]::new))
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(users);
    }
}
