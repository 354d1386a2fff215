package com.verdictdigest.catalog;

import com.verdictdigest.system.Problems;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The catalog API's failures as problem details: every bad field of a comparison, or where the JSON broke. */
@Order(-1)
@RestControllerAdvice(assignableTypes = CatalogApiController.class)
class CatalogProblems {

    @ExceptionHandler(InvalidComparisonException.class)
    ProblemDetail invalidComparison(InvalidComparisonException e) {
        return Problems.validation("The comparison is not valid.", e.errors());
    }

    /** A body that is not JSON at all, read by {@link CatalogJson}. */
    @ExceptionHandler(CatalogJson.MalformedJsonException.class)
    ProblemDetail malformedJson(CatalogJson.MalformedJsonException e) {
        return Problems.malformedJson(e.getMessage(), e.line(), e.column());
    }
}
