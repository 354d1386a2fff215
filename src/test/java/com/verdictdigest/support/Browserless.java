package com.verdictdigest.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * A tiny HTTP user agent for tests over real HTTP: keeps cookies like a browser (so CSRF tokens
 * from a page work for its form), never follows redirects, sends a fixed User-Agent.
 */
public final class Browserless {

    public static final String USER_AGENT = "verdict-test-agent/1.0";

    private final String base;
    private final HttpClient http;

    public Browserless(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Same server, no cookies: another person, or a mailbox provider. */
    public Browserless stranger() {
        return new Browserless(base);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** GET with an Accept header, as a browser ({@code text/html,...}) or an API client sends it. */
    public HttpResponse<String> get(String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).GET());
    }

    /** Logs in through the login form (with its CSRF token); fails unless the login succeeds. */
    public Browserless login(String user, String password) {
        HttpResponse<String> r = submit("/login", "/login", Map.of("username", List.of(user), "password", List.of(password)));
        String location = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("login as " + user + " failed: " + r.statusCode() + " " + location);
        }
        return this;
    }

    /** POSTs the form, adding the CSRF field found on the page at {@code pagePath} (fetched first). */
    public HttpResponse<String> submit(String pagePath, String action, Map<String, List<String>> fields) {
        String page = get(pagePath).body();
        Element csrf = Jsoup.parse(page).selectFirst("input[name=_csrf]");
        StringBuilder body = new StringBuilder(encode(fields));
        if (csrf != null) {
            body.append(body.isEmpty() ? "" : "&").append("_csrf=").append(URLEncoder.encode(csrf.val(), StandardCharsets.UTF_8));
        }
        return postForm(action, body.toString());
    }

    /** As {@link #submit}, then follows the answer's redirect on this server (post/redirect/get), as a browser does. */
    public HttpResponse<String> submitAndFollow(String pagePath, String action, Map<String, List<String>> fields) {
        HttpResponse<String> r = submit(pagePath, action, fields);
        String location = r.headers().firstValue("Location").orElse("");
        if ((r.statusCode() == 302 || r.statusCode() == 303) && location.startsWith("/")) {
            return get(location);
        }
        if ((r.statusCode() == 302 || r.statusCode() == 303) && location.startsWith(base + "/")) {
            return get(location.substring(base.length()));
        }
        return r;
    }

    public HttpResponse<String> postForm(String path, String urlEncodedBody) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlEncodedBody)));
    }

    public HttpResponse<String> postMultipart(String path, Map<String, String> fields) {
        String boundary = "----verdict" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n")
                .append(v).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A CORS preflight, as a browser sends it before a cross-origin JSON POST. */
    public HttpResponse<String> preflight(String path, String origin) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    public static String encode(Map<String, List<String>> fields) {
        return fields.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("User-Agent", USER_AGENT).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
