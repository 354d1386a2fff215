package com.verdictdigest.system;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The two problem shapes (RFC 9457) every API of the product answers with: a validation problem
 * naming every bad field under "errors", and malformed JSON with its line and column. Each
 * feature maps its own exceptions to these; the web module maps the framework's.
 */
public final class Problems {

    public static final URI VALIDATION = URI.create("urn:verdict-digest:problem:validation");
    public static final URI MALFORMED_JSON = URI.create("urn:verdict-digest:problem:malformed-json");

    private Problems() {
    }

    public static ProblemDetail validation(String detail, List<FieldError> errors) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        p.setType(VALIDATION);
        p.setTitle("Validation failed");
        p.setProperty("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        return p;
    }

    /** @param line 1-based; 0 when unknown (then neither line nor column is given) */
    public static ProblemDetail malformedJson(String detail, int line, int column) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        p.setType(MALFORMED_JSON);
        p.setTitle("Malformed JSON");
        if (line > 0) {
            p.setProperty("line", line);
            p.setProperty("column", column);
        }
        return p;
    }
}
