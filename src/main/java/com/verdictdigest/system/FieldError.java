package com.verdictdigest.system;

/** A bad field in an input, named by its JSON path ("a.reviews[2].score"). */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
