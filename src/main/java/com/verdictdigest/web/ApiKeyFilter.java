package com.verdictdigest.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the publishing site on {@code /api/**} by its key, sent as
 * {@code Authorization: Bearer KEY} or {@code X-API-Key: KEY}. Keys are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, so the time taken says nothing about the key.
 */
class ApiKeyFilter extends OncePerRequestFilter {

    static final String ROLE = "ROLE_API";

    private final byte[] expectedDigest;

    ApiKeyFilter(String apiKey) {
        this.expectedDigest = apiKey == null || apiKey.isBlank() ? null : sha256(apiKey);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedKey(request);
        if (presented != null && expectedDigest != null && MessageDigest.isEqual(expectedDigest, sha256(presented))) {
            var auth = new UsernamePasswordAuthenticationToken("api", null, List.of(new SimpleGrantedAuthority(ROLE)));
            SecurityContextHolder.getContext().setAuthentication(auth);
        }
        chain.doFilter(request, response);
    }

    private static String presentedKey(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return request.getHeader("X-API-Key");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
