package com.verdictdigest.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the login form's and HTTP Basic's authentication: a user name or client address
 * that is locked ({@link LoginThrottle}) is refused without checking the password, and that
 * refusal is recorded too. {@link #failureHandler} and {@link #basicEntryPoint} count and record
 * each wrong password.
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
        return !formLogin(request) && basicUser(request) == null;
    }

    private static boolean formLogin(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && "/login".equals(request.getServletPath());
    }

    /** The user name of an HTTP Basic login (Actuator), else null. */
    private static String basicUser(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean form = formLogin(request);
        String user = form ? request.getParameter("username") : basicUser(request);
        Optional<Duration> locked = throttle.lockedFor(user, request.getRemoteAddr());
        if (locked.isPresent()) {
            audit.record(user, request.getRemoteAddr(), "locked");
            response.setHeader("Retry-After", Long.toString(locked.get().toSeconds() + 1));
            if (form) {
                long minutes = Math.max(1, (locked.get().toSeconds() + 59) / 60);
                response.sendRedirect(request.getContextPath() + "/login?locked=" + minutes);
            } else {
                RequestLimits.problem(response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins: try again later.");
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /** HTTP Basic's answer to a refused login: counted and recorded like a form login's, then 401. */
    static AuthenticationEntryPoint basicEntryPoint(LoginThrottle throttle, LoginAudit audit) {
        return (request, response, exception) -> {
            String user = basicUser(request);
            if (user != null && exception instanceof BadCredentialsException) {
                throttle.failed(user, request.getRemoteAddr());
                audit.record(user, request.getRemoteAddr(), "bad-credentials");
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"Verdict Digest\"");
            RequestLimits.problem(response, HttpStatus.UNAUTHORIZED, "An admin's user name and password are required.");
        };
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
