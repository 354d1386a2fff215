package com.verdictdigest.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error the app answers, in one place: whatever failed (no such page or issue, a value of
 * the wrong type, a missing role, an exception) ends here through the servlet container's error
 * dispatch. Browsers get a page in the site's layout that says what happened and where to go;
 * the API ({@code /api/**}) and clients that ask for JSON get {@code application/problem+json}
 * (RFC 9457). Spring Boot's JSON-only problem handler is switched off
 * ({@code spring.mvc.problemdetails.enabled: false}) so that a browser never sees raw JSON.
 */
@Controller
@ConditionalOnWebApplication // the commands' contexts have no web server, hence no ErrorAttributes
class ErrorPages implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    /** What a page says: a heading, the sentence a person needs, and where to go from here. */
    public record Page(int status, String title, String message, List<Link> links) {
    }

    public record Link(String href, String text) {
    }

    private final ErrorAttributes errors;

    ErrorPages(ErrorAttributes errors) {
        this.errors = errors;
    }

    @RequestMapping("${server.error.path:/error}")
    Object error(HttpServletRequest request) {
        int status = status(request);
        String path = path(request);
        Throwable error = errors.getError(new ServletWebRequest(request));
        if (status >= 500) {
            log.error("{} {} failed with {}", request.getAttribute(RequestDispatcher.ERROR_METHOD) == null
                    ? "request" : request.getAttribute(RequestDispatcher.ERROR_METHOD), path, status, error);
        }
        String detail = detail(status, error, request, path);
        if (wantsJson(request, path)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
            problem.setInstance(URI.create(path.replace(" ", "%20")));
            if (error instanceof ErrorResponse r && r.getBody().getProperties() != null) {
                r.getBody().getProperties().forEach(problem::setProperty);
            }
            return ResponseEntity.status(status).contentType(PROBLEM_JSON).body(problem);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("error", new Page(status, title(status), detail, links(path, request)));
        return new ModelAndView("web/error", model, HttpStatus.valueOf(status));
    }

    private static int status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code instanceof Integer i && HttpStatus.resolve(i) != null && i >= 400) {
            return i;
        }
        return 500;
    }

    private static String path(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri instanceof String s && !s.isEmpty() ? s : request.getRequestURI();
    }

    /**
     * JSON for the API and for a client that prefers JSON over HTML; a page for browsers (which
     * ask for text/html first) and for anything that accepts whatever comes.
     */
    static boolean wantsJson(HttpServletRequest request, String path) {
        if (path.equals("/api") || path.startsWith("/api/")) {
            return true;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(request.getHeader("Accept"));
        } catch (RuntimeException e) {
            return false;
        }
        double json = 0;
        double html = 0;
        double anything = 0;
        for (MediaType m : accepted) {
            double q = m.getQualityValue();
            if (m.isWildcardType()) {
                anything = Math.max(anything, q);
            } else if (m.getType().equals("text") && (m.isWildcardSubtype() || m.getSubtype().equals("html"))
                    || m.getSubtype().equals("xhtml+xml")) {
                html = Math.max(html, q);
            } else if (m.getType().equals("application") && (m.getSubtype().equals("json") || m.getSubtype().endsWith("+json"))) {
                json = Math.max(json, q);
            }
        }
        // Named JSON wins over a wildcard, a named HTML wins over JSON of the same weight.
        return json > html && json >= anything;
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "This request cannot be used";
            case 401 -> "Please log in";
            case 403 -> "Not for this login";
            case 404 -> "Page not found";
            case 405 -> "Not something this page does";
            case 413 -> "Too large";
            case 429 -> "Too many requests";
            default -> status >= 500 ? "Something went wrong on our side" : HttpStatus.valueOf(status).getReasonPhrase();
        };
    }

    /** The sentence a person needs: what went wrong, in words, never an exception's internals on a 500. */
    private String detail(int status, Throwable error, HttpServletRequest request, String path) {
        Object denied = request.getAttribute(WebAttributes.ACCESS_DENIED_403);
        if (status == 403 && denied instanceof CsrfException) {
            return "The form's security token is missing or out of date (the page was open for a long time, "
                    + "or you logged in or out since). Reload the page and try again.";
        }
        if (status == 403 && (denied instanceof AccessDeniedException || error == null)) {
            String user = request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName();
            String what = path.startsWith("/admin") ? "the subscriber admin (role ADMIN)"
                    : path.startsWith("/editor") ? "the editor's pages (role EDITOR)" : "this page";
            return (user == null ? "You are not signed in" : "You are signed in as " + user)
                    + ", and that login may not use " + what + ". Log in as another user to continue.";
        }
        if (status >= 500) {
            return "The error is logged; trying again in a moment may help. If it keeps happening, tell whoever runs this site.";
        }
        if (error instanceof TypeMismatchException t) {
            String name = t.getPropertyName() != null ? t.getPropertyName() : "a value";
            String type = t.getRequiredType() == null ? "" : t.getRequiredType().getSimpleName().toLowerCase();
            return "'" + t.getValue() + "' is not a valid " + name
                    + (type.equals("long") || type.equals("int") || type.equals("integer") ? " (a number is expected)." : ".");
        }
        if (error instanceof NoResourceFoundException || (status == 404 && error == null)) {
            return "There is no page at " + path + ". It may have moved, or the address is mistyped.";
        }
        if (error instanceof ResponseStatusException r && r.getReason() != null) {
            return sentence(r.getReason());
        }
        if (error instanceof ErrorResponse r && r.getBody().getDetail() != null) {
            return r.getBody().getDetail();
        }
        if (error != null && error.getClass().getAnnotation(org.springframework.web.bind.annotation.ResponseStatus.class) != null
                && error.getMessage() != null) {
            return sentence(error.getMessage());
        }
        Object message = errors.getErrorAttributes(new ServletWebRequest(request),
                ErrorAttributeOptions.of(ErrorAttributeOptions.Include.MESSAGE)).get("message");
        if (message instanceof String m && !m.isBlank() && !m.equals("No message available")) {
            return sentence(m);
        }
        return HttpStatus.valueOf(status).getReasonPhrase() + ".";
    }

    private static String sentence(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return t;
        }
        t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
        return t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? t : t + ".";
    }

    /** The way back: the section the visitor was in, and the home page; a login link for a 403. */
    private static List<Link> links(String path, HttpServletRequest request) {
        List<Link> links = new java.util.ArrayList<>();
        if (path.startsWith("/editor/issues/")) {
            links.add(new Link("/editor", "All digest issues"));
        } else if (path.startsWith("/editor")) {
            links.add(new Link("/editor/sending", "Sending"));
        } else if (path.startsWith("/admin/subscribers/import")) {
            links.add(new Link("/admin/subscribers/import", "Import subscribers"));
        } else if (path.startsWith("/admin")) {
            links.add(new Link("/admin/subscribers", "All subscribers"));
        } else if (path.startsWith("/archive")) {
            links.add(new Link("/archive", "The archive of sent issues"));
        } else if (path.startsWith("/preferences") || path.startsWith("/unsubscribe") || path.startsWith("/confirm")) {
            links.add(new Link("/subscribe", "Sign up again"));
        }
        if (status(request) == 403) {
            links.add(new Link("/logout", "Log in as another user"));
        }
        links.add(new Link("/", "The catalog (home page)"));
        return links;
    }
}
