package com.verdictdigest.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.verdictdigest.catalog.CatalogJson;
import com.verdictdigest.catalog.FieldError;
import com.verdictdigest.catalog.InvalidComparisonException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * Domain failures as RFC 9457 problem details; every bad field is named under "errors".
 * Ordered before Boot's ProblemDetailsExceptionHandler (order 0), so unreadable JSON bodies get
 * the field-naming problems below instead of a bare "Failed to read request".
 */
@Order(-1)
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
public class ProblemAdvice {

    static final URI VALIDATION = URI.create("urn:verdict-digest:problem:validation");
    static final URI MALFORMED_JSON = URI.create("urn:verdict-digest:problem:malformed-json");

    @ExceptionHandler(InvalidComparisonException.class)
    ProblemDetail invalidComparison(InvalidComparisonException e) {
        return validationProblem("The comparison is not valid.", e.errors());
    }

    /** A body that is not JSON at all, read by {@link CatalogJson}. */
    @ExceptionHandler(CatalogJson.MalformedJsonException.class)
    ProblemDetail malformedJson(CatalogJson.MalformedJsonException e) {
        return malformedProblem(e.getMessage(), e.line(), e.column());
    }

    /**
     * A {@code @RequestBody} Jackson could not bind: a syntax error (line, column) or a value of
     * the wrong type or an unknown field (named by its path).
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JacksonException j && !j.getPath().isEmpty()) {
            return validationProblem("The request body is not valid.", List.of(CatalogJson.bindingError(j)));
        }
        if (cause instanceof JacksonException j) {
            TokenStreamLocation l = j.getLocation();
            return malformedProblem("malformed JSON: " + j.getOriginalMessage(),
                    l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr());
        }
        return malformedProblem("The request body is missing or unreadable.", 0, 0);
    }

    public static ProblemDetail validationProblem(String detail, List<FieldError> errors) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        p.setType(VALIDATION);
        p.setTitle("Validation failed");
        p.setProperty("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        return p;
    }

    static ProblemDetail malformedProblem(String detail, int line, int column) {
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
