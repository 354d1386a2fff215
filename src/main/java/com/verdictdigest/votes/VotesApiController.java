package com.verdictdigest.votes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.verdictdigest.catalog.CatalogJson;
import com.verdictdigest.catalog.CatalogRepository;
import com.verdictdigest.catalog.Community;
import com.verdictdigest.catalog.CommunityFigures;
import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.system.FieldError;
import com.verdictdigest.system.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/votes?since=INSTANT}: the readers' votes and changes of vote after that
 * instant, oldest first, for the comparison site to pull (API key required, like the catalog
 * API). No reader is named: each entry is the comparison, the side, the choice, the choice it
 * replaced, and the side's figures now. Keyset pages of {@code limit} entries; a
 * {@code Link: <...>; rel="next"} header gives the next page while more follow.
 */
@RestController
class VotesApiController {

    static final int DEFAULT_PAGE = 200;
    static final int MAX_PAGE = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "at", "issue", "comparison", "side", "tool", "choice", "replaced", "community"})
    record Entry(long id, String at, int issue, String comparison, String side, String tool, String choice,
                 String replaced, Figures community) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"ship", "skip", "shipPct"})
    record Figures(int ship, int skip, Integer shipPct) {
    }

    record Page(List<Entry> votes) {
    }

    private final VoteRepository repository;
    private final CatalogRepository catalog;

    VotesApiController(VoteRepository repository, CatalogRepository catalog) {
        this.repository = repository;
        this.catalog = catalog;
    }

    @GetMapping(path = "/api/votes", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> changes(@RequestParam(required = false) String since, @RequestParam(required = false) String after,
                              @RequestParam(required = false) String limit) {
        List<FieldError> errors = new ArrayList<>();
        Instant from = since == null || since.isBlank() ? null : CatalogJson.instant("since", since.strip(), errors);
        int size = DEFAULT_PAGE;
        if (limit != null) {
            size = number(limit);
            if (size < 1 || size > MAX_PAGE) {
                errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_PAGE + ", was \"" + limit + "\""));
            }
        }
        VoteRepository.Position position = null;
        if (after != null && !after.isBlank()) {
            int id = number(after);
            position = id < 1 ? null : repository.position(id).orElse(null);
            if (position == null) {
                errors.add(new FieldError("after", "must be the id of a vote (the last of the previous page), was \""
                        + after + "\""));
            }
        }
        if (!errors.isEmpty()) {
            ProblemDetail problem = Problems.validation("The query is not valid.", errors);
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        List<VoteRepository.Change> page = repository.changes(from, position, size + 1);
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (page.size() > size) {
            page = page.subList(0, size);
            UriComponentsBuilder next = UriComponentsBuilder.fromPath("/api/votes")
                    .queryParam("after", page.get(size - 1).id()).queryParam("limit", size);
            if (from != null) {
                next.queryParam("since", from.toString());
            }
            ok.header(HttpHeaders.LINK, "<" + next.encode().build().toUriString() + ">; rel=\"next\"");
        }
        return ok.body(JSON.writeValueAsString(new Page(entries(page))) + "\n");
    }

    private List<Entry> entries(List<VoteRepository.Change> changes) {
        Set<Long> ids = new LinkedHashSet<>();
        changes.forEach(c -> ids.add(c.comparisonId()));
        Map<Long, Comparison> comparisons = new HashMap<>();
        catalog.findComparisonsWithoutReviews(ids).forEach(c -> comparisons.put(c.id(), c));
        Map<CommunityFigures.Side, Community> figures = repository.tallies(ids);
        List<Entry> out = new ArrayList<>(changes.size());
        for (VoteRepository.Change ch : changes) {
            Comparison c = comparisons.get(ch.comparisonId());
            if (c == null) {
                continue; // the comparison left the catalog: nothing to attribute the vote to
            }
            boolean a = c.a().tool().id() == ch.toolId();
            var side = a ? c.a() : c.b();
            Community now = figures.getOrDefault(new CommunityFigures.Side(c.id(), ch.toolId()), Community.NONE);
            out.add(new Entry(ch.id(), ch.at().toString(), ch.issueNumber(), c.slug(), a ? "a" : "b",
                    side.tool().slug(), ch.choice().label(), ch.replaced() == null ? null : ch.replaced().label(),
                    new Figures(now.ship(), now.skip(), now.shipPct())));
        }
        return out;
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
