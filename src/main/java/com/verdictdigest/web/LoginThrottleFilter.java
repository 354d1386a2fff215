package com.verdictdigest.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the login form's authentication: a user name or client address that is locked
 * ({@link LoginThrottle}) is refused without checking the password, and that refusal is recorded
 * too. {@link #failureHandler} counts and records each wrong password.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final LoginAudit audit;

    LoginThrottleFilter(LoginThrottle throttle, LoginAudit audit) {
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user = request.getParameter("username");
        Optional<Duration> locked = throttle.lockedFor(user, request.getRemoteAddr());
        if (locked.isPresent()) {
            audit.record(user, request.getRemoteAddr(), "locked");
            long minutes = Math.max(1, (locked.get().toSeconds() + 59) / 60);
            response.setHeader("Retry-After", Long.toString(locked.get().toSeconds() + 1));
            response.sendRedirect(request.getContextPath() + "/login?locked=" + minutes);
            return;
        }
        chain.doFilter(request, response);
    }

    static AuthenticationFailureHandler failureHandler(LoginThrottle throttle, LoginAudit audit) {
        return (request, response, exception) -> {
            String user = request.getParameter("username");
            throttle.failed(user, request.getRemoteAddr());
            audit.record(user, request.getRemoteAddr(), "bad-credentials");
            response.sendRedirect(request.getContextPath() + "/login?error");
        };
    }
}
