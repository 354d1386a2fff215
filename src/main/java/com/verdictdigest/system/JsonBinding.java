package com.verdictdigest.system;

import java.util.List;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Jackson's binding complaints in words: the catalog's JSON reader and the web's request bodies share them. */
public final class JsonBinding {

    private JsonBinding() {
    }

    /** Jackson's complaint about a value as its field and a sentence a person can act on. */
    public static FieldError describe(JacksonException e) {
        String field = path(e.getPath());
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return new FieldError(field, "unknown field" + (known.isEmpty() ? "" : " (expected one of: " + known + ")"));
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new FieldError(field, "must be " + kind(m.getTargetType()) + describeToken(m.getCurrentToken()));
        }
        if (e instanceof InputCoercionException) {
            return new FieldError(field, "must be a whole number within range");
        }
        return new FieldError(field, e.getOriginalMessage());
    }

    private static String kind(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String describeToken(JsonToken token) {
        if (token == null) {
            return "";
        }
        return switch (token) {
            case START_OBJECT -> ", not an object";
            case START_ARRAY -> ", not an array";
            case VALUE_STRING -> ", not a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> ", not a number";
            case VALUE_TRUE, VALUE_FALSE -> ", not true/false";
            default -> "";
        };
    }

    /** Jackson's reference chain as "a.reviews[0].score"; "$" for the value itself. */
    private static String path(List<JacksonException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : refs) {
            if (ref.getPropertyName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }
}
