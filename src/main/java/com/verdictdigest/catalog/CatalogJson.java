package com.verdictdigest.catalog;

import com.verdictdigest.system.FieldError;
import com.verdictdigest.system.JsonBinding;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of comparisons (documented in {@code catalog-schema.md}): one comparison for the
 * REST API, a catalog document {@code {"format", "version", "comparisons"}} for files. Reading is
 * strict (unknown fields, wrong types, duplicate keys and unknown personas are errors naming the
 * field); writing is deterministic, so export, import and export again give the same bytes.
 */
public final class CatalogJson {

    public static final String FORMAT = "verdict-digest/catalog";
    public static final int VERSION = 1;

    /** Strict for reading: nothing is guessed, coerced or ignored. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Two-space indent, "\n" line ends on every platform, "key": value. */
    private static final ObjectWriter WRITER = MAPPER.writer().with(new DefaultPrettyPrinter(
                    Separators.createDefaultInstance()
                            .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                            .withObjectEmptySeparator("")
                            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private static final Set<String> DOCUMENT_FIELDS = Set.of("format", "version", "comparisons");

    private CatalogJson() {
    }

    // ---- the JSON shape (field order here is the order written)

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"format", "version", "comparisons"})
    record DocumentJson(String format, int version, List<ComparisonJson> comparisons) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"slug", "publishedAt", "a", "b"})
    record ComparisonJson(String slug, String publishedAt, SideJson a, SideJson b) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"tool", "panel", "community", "decision", "reviews"})
    record SideJson(ToolJson tool, PanelJson panel, CommunityJson community, DecisionJson decision,
                    List<ReviewJson> reviews) {
    }

    /** Readers' votes on the side (see {@link CommunityFigures}); shipPct is derived, ignored on input. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"ship", "skip", "shipPct"})
    record CommunityJson(Integer ship, Integer skip, Integer shipPct) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "slug", "category", "tagline", "description", "pricing", "positioning",
            "communityPct", "firstSeenAt"})
    record ToolJson(String name, String slug, String category, String tagline, String description, String pricing,
                    String positioning, Integer communityPct, String firstSeenAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"verdict", "shipCount", "skipCount", "shipPct"})
    record PanelJson(String verdict, Integer shipCount, Integer skipCount, Integer shipPct) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"community", "pricing", "bestFor", "category"})
    record DecisionJson(String community, String pricing, String bestFor, String category) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"persona", "text", "score", "verdict"})
    record ReviewJson(String persona, String text, Integer score, String verdict) {
    }

    // ---- reading

    /**
     * What one element of a document's {@code comparisons} array gave: a comparison, or its errors.
     * {@code communityA} and {@code communityB} are the readers' figures the document states for
     * each side (null when it states none): not catalog content, restored through
     * {@link CommunityFigures}.
     */
    public record Entry(int index, ComparisonInput comparison, List<FieldError> errors, Community communityA,
                        Community communityB) {

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * A catalog document that parsed as JSON and has the right format and version. Its entries
     * may still be invalid one by one: a bad comparison does not spoil the others.
     */
    public static final class Document {

        private final List<Entry> entries;
        private final Map<String, TokenStreamLocation> locations;

        private Document(List<Entry> entries, Map<String, TokenStreamLocation> locations) {
            this.entries = List.copyOf(entries);
            this.locations = locations;
        }

        public List<Entry> entries() {
            return entries;
        }

        /**
         * "line:column: comparisons[3].b.reviews[0].score: message", the position of the named value
         * or, when the field is missing, of the nearest enclosing value.
         */
        public String describe(int index, FieldError error) {
            String path = "comparisons[" + index + "]" + (error.field().equals("$") ? "" : "." + error.field());
            return where(path) + path + ": " + error.message();
        }

        private String where(String path) {
            String pointer = pointer(path);
            while (true) {
                TokenStreamLocation at = locations.get(pointer);
                if (at != null) {
                    return at.getLineNr() + ":" + at.getColumnNr() + ": ";
                }
                if (pointer.isEmpty()) {
                    return "";
                }
                pointer = pointer.substring(0, pointer.lastIndexOf('/'));
            }
        }
    }

    /** A document that cannot be read at all: not JSON, not a catalog, or another version. */
    public static class MalformedJsonException extends RuntimeException {

        private final int line;
        private final int column;

        MalformedJsonException(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        /** 1-based; 0 when unknown. */
        public int line() {
            return line;
        }

        public int column() {
            return column;
        }

        /** "line:column: message" (or just the message when the position is unknown). */
        public String located() {
            return line > 0 ? line + ":" + column + ": " + getMessage() : getMessage();
        }
    }

    /** Reads a catalog document; throws {@link MalformedJsonException} when it is not one. */
    public static Document readDocument(byte[] json) {
        Map<String, TokenStreamLocation> locations = locate(json);
        JsonNode root = MAPPER.readTree(json);
        if (!root.isObject()) {
            throw malformed("the document must be an object {\"format\": \"" + FORMAT + "\", \"version\": " + VERSION
                    + ", \"comparisons\": [...]}", locations, "");
        }
        for (String name : root.propertyNames()) {
            if (!DOCUMENT_FIELDS.contains(name)) {
                throw malformed(name + ": unknown field (expected format, version, comparisons)", locations, "/" + name);
            }
        }
        JsonNode format = root.get("format");
        if (format == null || !format.isString() || !FORMAT.equals(format.asString())) {
            throw malformed("format: must be \"" + FORMAT + "\"", locations, format == null ? "" : "/format");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber() || version.asLong() != VERSION) {
            throw malformed("version: must be " + VERSION + " (this program reads version " + VERSION + ")",
                    locations, version == null ? "" : "/version");
        }
        JsonNode comparisons = root.get("comparisons");
        if (comparisons == null || !comparisons.isArray()) {
            throw malformed("comparisons: must be an array", locations, comparisons == null ? "" : "/comparisons");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < comparisons.size(); i++) {
            Result r = bind(comparisons.get(i));
            boolean ok = r.errors.isEmpty();
            entries.add(new Entry(i, ok ? r.comparison : null, r.errors, ok ? r.communityA : null,
                    ok ? r.communityB : null));
        }
        return new Document(entries, locations);
    }

    /**
     * Reads one comparison (the REST API's body; a {@code community} it states is ignored: the
     * readers' figures are counted here, not pushed). Throws {@link MalformedJsonException} when the
     * body is not JSON and {@link InvalidComparisonException} naming every bad field it can.
     */
    public static ComparisonInput readComparison(byte[] json) {
        locate(json);
        Result r = bind(MAPPER.readTree(json));
        if (!r.errors.isEmpty()) {
            throw new InvalidComparisonException(r.errors);
        }
        return r.comparison;
    }

    private record Result(ComparisonInput comparison, List<FieldError> errors, Community communityA,
                          Community communityB) {

        Result(ComparisonInput comparison, List<FieldError> errors) {
            this(comparison, errors, null, null);
        }
    }

    private static Result bind(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new Result(null, List.of(new FieldError("$", "must be a comparison object")));
        }
        ComparisonJson json;
        try {
            json = MAPPER.treeToValue(node, ComparisonJson.class);
        } catch (JacksonException e) {
            return new Result(null, List.of(JsonBinding.describe(e)));
        }
        List<FieldError> errors = new ArrayList<>();
        ComparisonInput in = new ComparisonInput(json.slug(), instant("publishedAt", json.publishedAt(), errors),
                side("a", json.a(), errors), side("b", json.b(), errors));
        // The validator's view of a field this reader already rejected adds nothing.
        for (FieldError v : ComparisonValidator.validate(in)) {
            if (errors.stream().noneMatch(e -> within(v.field(), e.field()))) {
                errors.add(v);
            }
        }
        Community communityA = json.a() == null ? null : community("a.community", json.a().community(), errors);
        Community communityB = json.b() == null ? null : community("b.community", json.b().community(), errors);
        return new Result(in, errors, communityA, communityB);
    }

    private static Community community(String path, CommunityJson c, List<FieldError> errors) {
        if (c == null) {
            return null;
        }
        int before = errors.size();
        count(path + ".ship", c.ship(), errors);
        count(path + ".skip", c.skip(), errors);
        if (c.shipPct() != null && (c.shipPct() < 0 || c.shipPct() > 100)) {
            errors.add(new FieldError(path + ".shipPct", "must be between 0 and 100, was " + c.shipPct()));
        }
        return errors.size() > before ? null : new Community(c.ship(), c.skip());
    }

    private static void count(String field, Integer value, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
        } else if (value < 0) {
            errors.add(new FieldError(field, "must be 0 or more, was " + value));
        }
    }

    private static boolean within(String field, String reported) {
        return field.equals(reported) || field.startsWith(reported + ".") || field.startsWith(reported + "[");
    }

    private static SideInput side(String path, SideJson s, List<FieldError> errors) {
        if (s == null) {
            return null;
        }
        ToolJson t = s.tool();
        ToolInput tool = t == null ? null : new ToolInput(t.name(), t.slug(), t.category(), t.tagline(),
                t.description(), t.pricing(), t.positioning(), t.communityPct(),
                instant(path + ".tool.firstSeenAt", t.firstSeenAt(), errors));
        PanelJson p = s.panel();
        Panel panel = p == null ? null : new Panel(verdict(path + ".panel.verdict", p.verdict(), errors),
                p.shipCount(), p.skipCount(), p.shipPct());
        DecisionJson d = s.decision();
        Decision decision = d == null ? null : new Decision(d.community(), d.pricing(), d.bestFor(), d.category());
        List<Review> reviews = new ArrayList<>();
        if (s.reviews() != null) {
            for (int i = 0; i < s.reviews().size(); i++) {
                String rp = path + ".reviews[" + i + "]";
                ReviewJson r = s.reviews().get(i);
                if (r == null) {
                    errors.add(new FieldError(rp, "must be a review object, not null"));
                    reviews.add(new Review(null, null, null, null)); // keeps later indexes in step
                    continue;
                }
                reviews.add(new Review(persona(rp + ".persona", r.persona(), errors), r.text(), r.score(),
                        verdict(rp + ".verdict", r.verdict(), errors)));
            }
        }
        return new SideInput(tool, panel, decision, reviews);
    }

    private static Persona persona(String field, String text, List<FieldError> errors) {
        Persona p = Persona.fromLabel(text);
        if (p == null) {
            errors.add(new FieldError(field, "must be one of Builder, Skeptic, Futurist, Founder"
                    + (text == null ? "" : ", was \"" + text + "\"")));
        }
        return p;
    }

    private static Verdict verdict(String field, String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        Verdict v = Verdict.fromLabel(text);
        if (v == null) {
            errors.add(new FieldError(field, "must be \"ship\" or \"skip\", was \"" + text + "\""));
        }
        return v;
    }

    /** An ISO-8601 instant (Z or an offset); a FieldError naming {@code field} and null when it is not one. */
    public static Instant instant(String field, String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                errors.add(new FieldError(field, "must be an ISO-8601 instant like 2026-11-16T09:00:00Z, was \""
                        + text + "\""));
                return null;
            }
        }
    }

    /** "comparisons[3].b.reviews[0]" → "/comparisons/3/b/reviews/0". */
    static String pointer(String path) {
        return path.isEmpty() || path.equals("$") ? ""
                : "/" + path.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
    }

    /**
     * Where each value starts, by JSON pointer; a syntax error (or a duplicate key) stops here
     * with its line and column.
     */
    private static Map<String, TokenStreamLocation> locate(byte[] json) {
        Map<String, TokenStreamLocation> at = new HashMap<>();
        try (JsonParser p = MAPPER.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.PROPERTY_NAME || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                at.putIfAbsent(p.streamReadContext().pathAsPointer().toString(), p.currentTokenLocation());
            }
        } catch (JacksonException e) {
            TokenStreamLocation l = e.getLocation();
            throw new MalformedJsonException("malformed JSON: " + e.getOriginalMessage(),
                    l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr());
        }
        if (at.isEmpty()) {
            throw new MalformedJsonException("malformed JSON: the input is empty", 0, 0);
        }
        return at;
    }

    private static MalformedJsonException malformed(String message, Map<String, TokenStreamLocation> locations,
                                                    String pointer) {
        TokenStreamLocation l = locations.get(pointer);
        return new MalformedJsonException(message, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr());
    }

    // ---- writing

    /** The catalog document of these comparisons, in the order given, ending in a newline; no readers' figures. */
    public static String writeDocument(List<Comparison> comparisons) {
        return writeDocument(comparisons, null);
    }

    /**
     * As {@link #writeDocument(List)}, with each side's readers' figures from {@code community}
     * (from {@link CommunityFigures#of}; a side absent from it has none: 0 ship, 0 skip).
     */
    public static String writeDocument(List<Comparison> comparisons, Map<CommunityFigures.Side, Community> community) {
        return WRITER.writeValueAsString(new DocumentJson(FORMAT, VERSION,
                comparisons.stream().map(c -> json(c, community)).toList())) + "\n";
    }

    /** One stored comparison, as the REST API answers it; {@code community} as for {@link #writeDocument(List, Map)}. */
    public static String writeComparison(Comparison comparison, Map<CommunityFigures.Side, Community> community) {
        return WRITER.writeValueAsString(json(comparison, community)) + "\n";
    }

    /** Any value of the schema's records (and plain maps/lists of them) in the same style. */
    static String write(Object value) {
        return WRITER.writeValueAsString(value) + "\n";
    }

    static ComparisonJson json(Comparison c) {
        return json(c, null);
    }

    static ComparisonJson json(Comparison c, Map<CommunityFigures.Side, Community> community) {
        return new ComparisonJson(c.slug(), text(c.publishedAt()), json(c, c.a(), community),
                json(c, c.b(), community));
    }

    private static SideJson json(Comparison c, ComparisonSide s, Map<CommunityFigures.Side, Community> community) {
        Tool t = s.tool();
        ToolJson tool = new ToolJson(t.name(), t.slug(), t.category(), t.tagline(), t.description(), t.pricing(),
                t.positioning(), t.communityPct(), text(t.firstSeenAt()));
        Panel p = s.panel();
        PanelJson panel = p == null || p.equals(Panel.UNKNOWN) ? null
                : new PanelJson(p.verdict() == null ? null : p.verdict().label(), p.shipCount(), p.skipCount(),
                p.shipPct());
        Decision d = s.decision();
        DecisionJson decision = d == null || d.equals(Decision.NONE) ? null
                : new DecisionJson(d.community(), d.pricing(), d.bestFor(), d.category());
        List<ReviewJson> reviews = s.reviews().stream()
                .map(r -> new ReviewJson(r.persona().label(), r.text(), r.score(),
                        r.verdict() == null ? null : r.verdict().label()))
                .toList();
        CommunityJson votes = null;
        if (community != null) {
            Community figures = CommunityFigures.get(community, c, s);
            votes = new CommunityJson(figures.ship(), figures.skip(), figures.shipPct());
        }
        return new SideJson(tool, panel, votes, decision, reviews);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
