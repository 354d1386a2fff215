package com.verdictdigest.catalog;

import com.verdictdigest.system.FieldError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The JSON schema: strict reading that names each bad field (and where it is), stable writing. */
class CatalogJsonTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static final String GOOD = """
            {
              "slug": "alpha-vs-beta",
              "publishedAt": "2026-11-16T09:00:00Z",
              "a": {
                "tool": {"name": "Alpha", "communityPct": 61, "firstSeenAt": "2026-11-01T00:00:00Z"},
                "panel": {"verdict": "ship", "shipCount": 3, "skipCount": 1, "shipPct": 75},
                "decision": {"pricing": "Free"},
                "reviews": [{"persona": "Builder", "text": "Clean.", "score": 88, "verdict": "ship"}]
              },
              "b": {"tool": {"name": "Beta"}, "reviews": [{"persona": "skeptic", "text": "Meh."}]}
            }""";

    @Test
    void readsEveryFieldOfAComparison() {
        ComparisonInput in = CatalogJson.readComparison(utf8(GOOD));

        assertThat(in.slug()).isEqualTo("alpha-vs-beta");
        assertThat(in.publishedAt()).isEqualTo(Instant.parse("2026-11-16T09:00:00Z"));
        assertThat(in.a().tool()).isEqualTo(new ToolInput("Alpha", null, null, null, null, null, null, 61,
                Instant.parse("2026-11-01T00:00:00Z")));
        assertThat(in.a().panel()).isEqualTo(new Panel(Verdict.SHIP, 3, 1, 75));
        assertThat(in.a().decision()).isEqualTo(new Decision(null, "Free", null, null));
        assertThat(in.a().reviews()).containsExactly(new Review(Persona.BUILDER, "Clean.", 88, Verdict.SHIP));
        assertThat(in.b().panel()).isEqualTo(Panel.UNKNOWN);
        assertThat(in.b().reviews()).containsExactly(new Review(Persona.SKEPTIC, "Meh.", null, null));
    }

    @Test
    void aDocumentsReadersFiguresAreReadAndCheckedWhileAPushMayCarryThem() {
        String doc = """
                {"format": "verdict-digest/catalog", "version": 1, "comparisons": [
                  {"a": {"tool": {"name": "Alpha"}, "community": {"ship": 3, "skip": 1, "shipPct": 75}},
                   "b": {"tool": {"name": "Beta"}}},
                  {"a": {"tool": {"name": "Gamma"}, "community": {"ship": -1}},
                   "b": {"tool": {"name": "Delta"}, "community": {"ship": 1, "skip": 0, "shipPct": 140}}}]}""";

        CatalogJson.Document d = CatalogJson.readDocument(utf8(doc));

        assertThat(d.entries().get(0).communityA()).isEqualTo(new Community(3, 1));
        assertThat(d.entries().get(0).communityB()).isNull();
        assertThat(d.entries().get(1).ok()).isFalse();
        assertThat(d.entries().get(1).errors()).extracting(FieldError::field)
                .containsExactly("a.community.ship", "a.community.skip", "b.community.shipPct");
        assertThat(d.describe(1, d.entries().get(1).errors().get(0)))
                .endsWith("comparisons[1].a.community.ship: must be 0 or more, was -1");
        // the API's push may echo what it read from us: the figures are not content and change nothing there
        assertThat(CatalogJson.readComparison(utf8("""
                {"a": {"tool": {"name": "Alpha"}, "community": {"ship": 3, "skip": 1}}, "b": {"tool": {"name": "Beta"}}}""")).a())
                .isEqualTo(CatalogJson.readComparison(utf8("""
                {"a": {"tool": {"name": "Alpha"}}, "b": {"tool": {"name": "Beta"}}}""")).a());
    }

    @Test
    void wrongTypesUnknownPersonasAndBadValuesAreEachNamed() {
        String bad = """
                {"publishedAt": "last tuesday",
                 "a": {"tool": {"name": "Alpha"}, "panel": {"verdict": "maybe", "shipPct": 140},
                       "reviews": [{"persona": "Wizard", "text": "x"}, null, {"persona": "Founder", "text": " ", "score": 101}]},
                 "b": {"tool": {"name": "Beta"}}}""";

        assertThatThrownBy(() -> CatalogJson.readComparison(utf8(bad)))
                .isInstanceOfSatisfying(InvalidComparisonException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("publishedAt", "a.panel.verdict", "a.panel.shipPct",
                                "a.reviews[0].persona", "a.reviews[1]", "a.reviews[2].text", "a.reviews[2].score"));
    }

    @Test
    void aValueOfTheWrongJsonTypeIsNamedByItsPath() {
        String bad = """
                {"a": {"tool": {"name": "Alpha"}, "reviews": [{"persona": "Builder", "text": "x", "score": "88"}]},
                 "b": {"tool": {"name": "Beta"}}}""";

        assertThatThrownBy(() -> CatalogJson.readComparison(utf8(bad)))
                .isInstanceOfSatisfying(InvalidComparisonException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("a.reviews[0].score", "must be a whole number, not a string")));
    }

    @Test
    void anUnknownFieldIsAnError() {
        String bad = """
                {"a": {"tool": {"name": "Alpha", "colour": "red"}}, "b": {"tool": {"name": "Beta"}}}""";

        assertThatThrownBy(() -> CatalogJson.readComparison(utf8(bad)))
                .isInstanceOfSatisfying(InvalidComparisonException.class, e -> {
                    assertThat(e.errors()).singleElement().extracting(FieldError::field).isEqualTo("a.tool.colour");
                    assertThat(e.errors().get(0).message()).startsWith("unknown field").contains("tagline");
                });
    }

    @Test
    void malformedJsonSaysWhereItBroke() {
        assertThatThrownBy(() -> CatalogJson.readComparison(utf8("{\n  \"slug\": \"x\",\n  }")))
                .isInstanceOfSatisfying(CatalogJson.MalformedJsonException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(3);
                });
        assertThatThrownBy(() -> CatalogJson.readComparison(utf8("{\"slug\": \"x\", \"slug\": \"y\"}")))
                .isInstanceOf(CatalogJson.MalformedJsonException.class).hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> CatalogJson.readComparison(new byte[0]))
                .isInstanceOf(CatalogJson.MalformedJsonException.class).hasMessageContaining("empty");
    }

    @Test
    void aDocumentOfAnotherFormatOrVersionIsRejectedWhole() {
        assertThatThrownBy(() -> CatalogJson.readDocument(utf8("{\"format\": \"other\", \"version\": 1, \"comparisons\": []}")))
                .isInstanceOfSatisfying(CatalogJson.MalformedJsonException.class,
                        e -> assertThat(e.located()).isEqualTo("1:12: format: must be \"verdict-digest/catalog\""));
        assertThatThrownBy(() -> CatalogJson.readDocument(utf8(
                "{\"format\": \"verdict-digest/catalog\", \"version\": 2, \"comparisons\": []}")))
                .hasMessageStartingWith("version: must be 1");
        assertThatThrownBy(() -> CatalogJson.readDocument(utf8(
                "{\"format\": \"verdict-digest/catalog\", \"version\": 1, \"comparisons\": [], \"extra\": 1}")))
                .hasMessageStartingWith("extra: unknown field");
    }

    @Test
    void documentErrorsNameTheComparisonTheFieldAndItsLineAndColumn() {
        String doc = """
                {
                  "format": "verdict-digest/catalog",
                  "version": 1,
                  "comparisons": [
                    {"a": {"tool": {"name": "Alpha"}}, "b": {"tool": {"name": "Beta"}}},
                    {"a": {"tool": {"name": "Alpha"}},
                     "b": {"tool": {"name": "Gamma"},
                           "reviews": [{"persona": "Builder", "text": "x", "score": 140}]}},
                    {"a": {"tool": {"name": "Alpha"}}}
                  ]
                }""";

        CatalogJson.Document d = CatalogJson.readDocument(utf8(doc));

        assertThat(d.entries()).extracting(CatalogJson.Entry::ok).containsExactly(true, false, false);
        CatalogJson.Entry second = d.entries().get(1);
        assertThat(d.describe(1, second.errors().get(0)))
                .isEqualTo("8:69: comparisons[1].b.reviews[0].score: must be between 0 and 100, was 140");
        CatalogJson.Entry third = d.entries().get(2);
        assertThat(d.describe(2, third.errors().get(0))).isEqualTo("9:5: comparisons[2].b: is required");
    }

    @Test
    void theSchemaDocumentsExampleIsValid() throws java.io.IOException {
        String doc;
        try (var in = getClass().getResourceAsStream("/catalog-schema.md")) {
            doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int heading = doc.indexOf("## Example: one comparison");
        int start = doc.indexOf("```json\n", heading) + "```json\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));

        ComparisonInput in = CatalogJson.readComparison(utf8(example));

        assertThat(in.b().reviews()).containsExactly(
                new Review(Persona.FOUNDER, "No moat against the big labs.", 55, Verdict.SKIP));
    }

    @Test
    void writesTwoSpaceIndentedJsonWithoutNullsEndingInANewline() {
        Tool alpha = new Tool(1, "alpha", "Alpha", null, null, null, "Free", null, null,
                Instant.parse("2026-11-01T00:00:00.123456Z"));
        Tool beta = new Tool(2, "beta", "Beta", null, null, null, null, null, 40, Instant.parse("2026-11-02T00:00:00Z"));
        Comparison c = new Comparison(7, "alpha-vs-beta", Instant.parse("2026-11-16T09:00:00Z"),
                new ComparisonSide(alpha, new Panel(Verdict.SHIP, null, null, 100), Decision.NONE,
                        List.of(new Review(Persona.BUILDER, "Line one.\nLine two \"quoted\".", 88, Verdict.SHIP))),
                new ComparisonSide(beta, Panel.UNKNOWN, Decision.NONE, List.of()));

        assertThat(CatalogJson.writeDocument(List.of(c))).isEqualTo("""
                {
                  "format": "verdict-digest/catalog",
                  "version": 1,
                  "comparisons": [
                    {
                      "slug": "alpha-vs-beta",
                      "publishedAt": "2026-11-16T09:00:00Z",
                      "a": {
                        "tool": {
                          "name": "Alpha",
                          "slug": "alpha",
                          "pricing": "Free",
                          "firstSeenAt": "2026-11-01T00:00:00.123456Z"
                        },
                        "panel": {
                          "verdict": "ship",
                          "shipPct": 100
                        },
                        "reviews": [
                          {
                            "persona": "Builder",
                            "text": "Line one.\\nLine two \\"quoted\\".",
                            "score": 88,
                            "verdict": "ship"
                          }
                        ]
                      },
                      "b": {
                        "tool": {
                          "name": "Beta",
                          "slug": "beta",
                          "communityPct": 40,
                          "firstSeenAt": "2026-11-02T00:00:00Z"
                        },
                        "reviews": []
                      }
                    }
                  ]
                }
                """);
    }

    @Test
    void whatIsWrittenReadsBackEqual() {
        Tool alpha = new Tool(1, "alpha", "Alpha", "Developer Tools", "T", "D", "Free", "Entry", 12,
                Instant.parse("2026-11-01T00:00:00Z"));
        Tool beta = new Tool(2, "beta", "Beta", null, null, null, null, null, null, Instant.parse("2026-11-02T00:00:00Z"));
        Comparison c = new Comparison(7, "alpha-vs-beta", Instant.parse("2026-11-16T09:00:00Z"),
                new ComparisonSide(alpha, new Panel(Verdict.SKIP, 1, 3, 25), new Decision("c", "p", "b", "k"),
                        List.of(new Review(Persona.FOUNDER, "No.", 20, Verdict.SKIP))),
                new ComparisonSide(beta, Panel.UNKNOWN, Decision.NONE, List.of()));

        CatalogJson.Document d = CatalogJson.readDocument(utf8(CatalogJson.writeDocument(List.of(c))));

        assertThat(d.entries()).singleElement().extracting(CatalogJson.Entry::comparison).isEqualTo(c.toInput());
    }
}
