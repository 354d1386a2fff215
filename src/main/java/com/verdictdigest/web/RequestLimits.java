package com.verdictdigest.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body before anything reads it: a declared Content-Length over the limit
 * is answered 413 at once; a chunked body is read up to the limit (and no further) into memory
 * and refused once it goes over. Multipart bodies are accepted only on the admin's CSV import,
 * from a logged-in session, and on the one-click unsubscribe (RFC 8058, small enough to stay in
 * memory), and refused everywhere else before Tomcat spools a byte of them.
 * Runs before the security filters, which would otherwise parse a multipart body for its CSRF field.
 */
class RequestLimits extends OncePerRequestFilter {

    static final String IMPORT_PATH = "/admin/subscribers/import";

    private final long maxBody;
    private final long maxStaffBody;

    RequestLimits(WebProperties properties) {
        this.maxBody = properties.maxBody().toBytes();
        this.maxStaffBody = properties.maxStaffBody().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The decoded, normalised path the request is mapped by (not the raw URI: /editor/../api/... is /api/...).
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/")) {
            if (path.equals(IMPORT_PATH) && loggedIn(request)) {
                chain.doFilter(request, response); // spring.servlet.multipart.* bounds it
                return;
            }
            if (path.startsWith("/unsubscribe/")) {
                // RFC 8058 lets a mailbox provider send the one-click POST as multipart/form-data: a small
                // body of declared length, below the spooling threshold, so it stays in memory.
                long declared = request.getContentLengthLong();
                if (declared < 0) {
                    problem(response, HttpStatus.LENGTH_REQUIRED, "A multipart unsubscribe needs a Content-Length.");
                    return;
                }
                if (declared > maxBody) {
                    tooLarge(response, maxBody);
                    return;
                }
                chain.doFilter(request, response);
                return;
            }
            problem(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Multipart bodies are accepted only by the admin's CSV import (and a one-click unsubscribe).");
            return;
        }
        long limit = staff(path) ? maxStaffBody : maxBody;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            tooLarge(response, limit);
            return;
        }
        // A chunked form is bounded by Tomcat itself (server.tomcat.max-http-form-post-size), which
        // parses forms from its own stream; every other chunked body is counted here.
        if (declared < 0 && hasBody(request) && !type.startsWith("application/x-www-form-urlencoded")) {
            byte[] body = readAtMost(request.getInputStream(), limit + 1);
            if (body.length > limit) {
                tooLarge(response, limit);
                return;
            }
            chain.doFilter(new BufferedBody(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean staff(String path) {
        return path.startsWith("/admin/") || path.startsWith("/editor/") || path.equals("/api/comparisons")
                || path.startsWith("/api/comparisons/");
    }

    private static boolean loggedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute("SPRING_SECURITY_CONTEXT") != null;
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getHeader("Transfer-Encoding") != null;
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while (out.size() < max && (n = in.read(buf, 0, (int) Math.min(buf.length, max - out.size()))) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static void tooLarge(HttpServletResponse response, long limit) throws IOException {
        response.setHeader("Connection", "close"); // the rest of the body is not read
        problem(response, HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than " + limit + " bytes.");
    }

    static void problem(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
    }

    /** The body read so far, served again to whoever reads the request next. */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset cs = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), cs));
        }
    }
}
