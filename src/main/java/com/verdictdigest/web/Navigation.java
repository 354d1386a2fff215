package com.verdictdigest.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * What the page layout needs to know about the request: where it is (to mark the current link)
 * and who is signed in (the navigation shows each role its own pages, and the user's name with a
 * logout button). Set as the request attribute {@code navigation} before every handler, error
 * pages included, so every template sees it (FreeMarker exposes request attributes).
 *
 * @param path   the path the visitor asked for (the failing one on an error page)
 * @param user   the signed-in user's name, null for an anonymous visitor
 * @param editor may use the editor's pages (EDITOR or ADMIN, as SecurityConfig allows)
 * @param admin  may use the subscriber admin (ADMIN)
 */
public record Navigation(String path, String user, boolean editor, boolean admin) {

    static final String ATTRIBUTE = "navigation";

    public boolean signedIn() {
        return user != null;
    }

    /** True if {@code prefix} is the current section: the link gets {@code aria-current}. */
    public boolean within(String prefix) {
        return prefix.equals("/") ? path.equals("/") : path.equals(prefix) || path.startsWith(prefix + "/");
    }

    static Navigation of(HttpServletRequest request) {
        Object failed = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI);
        String path = failed instanceof String s ? s : request.getRequestURI();
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken
                || auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(ApiKeyFilter.ROLE::equals)) {
            return new Navigation(path, null, false, false);
        }
        boolean admin = has(auth, "ROLE_ADMIN");
        return new Navigation(path, auth.getName(), admin || has(auth, "ROLE_EDITOR"), admin);
    }

    private static boolean has(Authentication auth, String role) {
        return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(role::equals);
    }

    /** Puts the navigation on every request that reaches a handler (pages, redirects, errors). */
    static class Interceptor implements HandlerInterceptor {
        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            request.setAttribute(ATTRIBUTE, of(request));
            return true;
        }
    }
}
