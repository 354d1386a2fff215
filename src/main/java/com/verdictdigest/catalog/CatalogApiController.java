package com.verdictdigest.catalog;

import com.verdictdigest.system.FieldError;
import com.verdictdigest.system.Problems;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The publishing site's API (API key required, see web.SecurityConfig): push one comparison in
 * the catalog JSON schema, list what is stored. Bodies are read and written by {@link CatalogJson},
 * so the API, import-json and export-json share one strict schema.
 */
@RestController
@RequestMapping("/api/comparisons")
class CatalogApiController {

    /** A comparison is a few KB; anything near this is not one. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final CatalogTransfer transfer;
    private final CatalogRepository repository;

    CatalogApiController(CatalogTransfer transfer, CatalogRepository repository) {
        this.transfer = transfer;
        this.repository = repository;
    }

    /** The answer to a push: what happened, and the comparison as now stored. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"result", "toolsCreated", "toolsUpdated", "comparison"})
    record PushResult(String result, int toolsCreated, int toolsUpdated, CatalogJson.ComparisonJson comparison) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> push(HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                    "A comparison must be smaller than " + MAX_BODY_BYTES + " bytes.");
        }
        CatalogImporter.Outcome outcome = transfer.store(CatalogJson.readComparison(body));
        Comparison stored = repository.findComparisonBySlug(outcome.slug()).orElseThrow();
        String json = CatalogJson.write(new PushResult(outcome.comparison().name().toLowerCase(Locale.ROOT),
                outcome.toolsCreated(), outcome.toolsUpdated(),
                CatalogJson.json(stored, transfer.figures(List.of(stored)))));
        if (outcome.comparison() == CatalogImporter.Change.CREATED) {
            return ResponseEntity.created(URI.create("/api/comparisons/" + stored.slug()))
                    .contentType(MediaType.APPLICATION_JSON).body(json);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
    }

    static final int DEFAULT_PAGE = 200;
    static final int MAX_PAGE = 1000;

    /**
     * A catalog document (the import-json format), oldest first, published after {@code since} if
     * given, at most {@code limit} comparisons from the one after {@code after}. When more follow,
     * a {@code Link: <...>; rel="next"} header (RFC 8288) gives the next page.
     */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> list(@RequestParam(required = false) String since, @RequestParam(required = false) String after,
                           @RequestParam(required = false) String limit) {
        List<FieldError> errors = new ArrayList<>();
        Instant from = since == null || since.isBlank() ? null : CatalogJson.instant("since", since.strip(), errors);
        int size = DEFAULT_PAGE;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_PAGE) {
                errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_PAGE + ", was \"" + limit + "\""));
            }
        }
        CatalogRepository.Position position = null;
        if (after != null && !after.isBlank()) {
            position = repository.findPosition(after.strip()).orElse(null);
            if (position == null) {
                errors.add(new FieldError("after", "must be the slug of a comparison (the last of the previous page), was \""
                        + after + "\""));
            }
        }
        if (!errors.isEmpty()) {
            ProblemDetail problem = Problems.validation("The query is not valid.", errors);
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        List<Comparison> page = repository.findComparisonsPage(from, position, size + 1);
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (page.size() > size) {
            page = page.subList(0, size);
            UriComponentsBuilder next = UriComponentsBuilder.fromPath("/api/comparisons")
                    .queryParam("after", page.get(size - 1).slug()).queryParam("limit", size);
            if (from != null) {
                next.queryParam("since", from.toString());
            }
            ok.header(HttpHeaders.LINK, "<" + next.encode().build().toUriString() + ">; rel=\"next\"");
        }
        return ok.body(CatalogJson.writeDocument(page, transfer.figures(page)));
    }

    @GetMapping(path = "/{slug}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> one(@PathVariable String slug) {
        return repository.findComparisonBySlug(slug)
                .map(c -> json(CatalogJson.writeComparison(c, transfer.figures(List.of(c)))))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No comparison '" + slug + "'."));
    }

    private static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
