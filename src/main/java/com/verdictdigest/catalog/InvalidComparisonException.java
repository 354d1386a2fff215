package com.verdictdigest.catalog;

import com.verdictdigest.system.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A comparison that cannot be stored, with every bad field. */
public class InvalidComparisonException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidComparisonException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
