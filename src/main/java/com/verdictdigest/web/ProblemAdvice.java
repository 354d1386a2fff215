package com.verdictdigest.web;

import java.util.List;

import com.verdictdigest.system.JsonBinding;
import com.verdictdigest.system.Problems;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * What every REST controller shares: a request body Jackson could not bind becomes a problem
 * detail that names the field (or the line and column of a syntax error), where the framework
 * alone would answer a bare "Failed to read request". Every other error goes to
 * {@link ErrorPages}. It knows no feature: each feature maps its own exceptions (e.g. catalog's
 * CatalogProblems).
 */
@Order(-1)
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
public class ProblemAdvice {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JacksonException j && !j.getPath().isEmpty()) {
            return Problems.validation("The request body is not valid.", List.of(JsonBinding.describe(j)));
        }
        if (cause instanceof JacksonException j) {
            TokenStreamLocation l = j.getLocation();
            return Problems.malformedJson("malformed JSON: " + j.getOriginalMessage(),
                    l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr());
        }
        return Problems.malformedJson("The request body is missing or unreadable.", 0, 0);
    }
}
