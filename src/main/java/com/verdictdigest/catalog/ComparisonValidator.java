package com.verdictdigest.catalog;

import com.verdictdigest.system.FieldError;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Checks a {@link ComparisonInput} before anything is written; reports every bad field at once. */
public final class ComparisonValidator {

    static final int MAX_NAME = 200;
    static final int MAX_SHORT = 1000;
    static final int MAX_TEXT = 20_000;

    private ComparisonValidator() {
    }

    public static List<FieldError> validate(ComparisonInput in) {
        List<FieldError> errors = new ArrayList<>();
        if (in == null) {
            errors.add(new FieldError("$", "a comparison object is required"));
            return errors;
        }
        if (in.slug() != null && !in.slug().matches("[a-z0-9]+(-[a-z0-9]+)*") ) {
            errors.add(new FieldError("slug", "must be lower-case letters, digits and single dashes"));
        }
        side("a", in.a(), errors);
        side("b", in.b(), errors);
        if (in.a() != null && in.b() != null && in.a().tool() != null && in.b().tool() != null
                && in.a().tool().name() != null && in.b().tool().name() != null
                && Names.key(in.a().tool().name()).equals(Names.key(in.b().tool().name()))) {
            errors.add(new FieldError("b.tool.name", "must name a different tool than a.tool.name"));
        }
        return errors;
    }

    public static void check(ComparisonInput in) {
        List<FieldError> errors = validate(in);
        if (!errors.isEmpty()) {
            throw new InvalidComparisonException(errors);
        }
    }

    private static void side(String path, SideInput side, List<FieldError> errors) {
        if (side == null) {
            errors.add(new FieldError(path, "is required"));
            return;
        }
        ToolInput t = side.tool();
        if (t == null) {
            errors.add(new FieldError(path + ".tool", "is required"));
        } else {
            text(path + ".tool.name", t.name(), true, MAX_NAME, errors);
            text(path + ".tool.category", t.category(), false, MAX_NAME, errors);
            text(path + ".tool.tagline", t.tagline(), false, MAX_SHORT, errors);
            text(path + ".tool.description", t.description(), false, MAX_TEXT, errors);
            text(path + ".tool.pricing", t.pricing(), false, 20, errors);
            text(path + ".tool.positioning", t.positioning(), false, 100, errors);
            if (t.slug() != null && !t.slug().matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                errors.add(new FieldError(path + ".tool.slug", "must be lower-case letters, digits and single dashes"));
            }
            percent(path + ".tool.communityPct", t.communityPct(), errors);
        }
        Panel p = side.panel();
        percent(path + ".panel.shipPct", p.shipPct(), errors);
        count(path + ".panel.shipCount", p.shipCount(), errors);
        count(path + ".panel.skipCount", p.skipCount(), errors);
        Decision d = side.decision();
        text(path + ".decision.community", d.community(), false, MAX_NAME, errors);
        text(path + ".decision.pricing", d.pricing(), false, MAX_SHORT, errors);
        text(path + ".decision.bestFor", d.bestFor(), false, MAX_SHORT, errors);
        text(path + ".decision.category", d.category(), false, MAX_NAME, errors);
        Set<Persona> seen = EnumSet.noneOf(Persona.class);
        for (int i = 0; i < side.reviews().size(); i++) {
            String rp = path + ".reviews[" + i + "]";
            Review r = side.reviews().get(i);
            if (r == null) {
                errors.add(new FieldError(rp, "must not be null"));
                continue;
            }
            if (r.persona() == null) {
                errors.add(new FieldError(rp + ".persona", "must be one of Builder, Skeptic, Futurist, Founder"));
            } else if (!seen.add(r.persona())) {
                errors.add(new FieldError(rp + ".persona", r.persona().label() + " reviews this tool twice"));
            }
            text(rp + ".text", r.text(), true, MAX_TEXT, errors);
            if (r.score() != null && (r.score() < 0 || r.score() > 100)) {
                errors.add(new FieldError(rp + ".score", "must be between 0 and 100, was " + r.score()));
            }
        }
    }

    private static void text(String field, String value, boolean required, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return;
        }
        if (value.length() > max) {
            errors.add(new FieldError(field, "is longer than " + max + " characters"));
        }
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
            errors.add(new FieldError(field, "contains control characters"));
        }
    }

    private static void percent(String field, Integer value, List<FieldError> errors) {
        if (value != null && (value < 0 || value > 100)) {
            errors.add(new FieldError(field, "must be a percentage between 0 and 100, was " + value));
        }
    }

    private static void count(String field, Integer value, List<FieldError> errors) {
        if (value != null && value < 0) {
            errors.add(new FieldError(field, "must not be negative, was " + value));
        }
    }
}
