package com.verdictdigest.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.verdictdigest.catalog.FieldError;
import com.verdictdigest.catalog.InvalidComparisonException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Domain failures as RFC 9457 problem details; every bad field is named under "errors". */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
public class ProblemAdvice {

    @ExceptionHandler(InvalidComparisonException.class)
    ProblemDetail invalidComparison(InvalidComparisonException e) {
        return validationProblem("The comparison is not valid.", e.errors());
    }

    public static ProblemDetail validationProblem(String detail, List<FieldError> errors) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        p.setType(URI.create("urn:verdict-digest:problem:validation"));
        p.setTitle("Validation failed");
        p.setProperty("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        return p;
    }
}
