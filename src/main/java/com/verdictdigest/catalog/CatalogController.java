package com.verdictdigest.catalog;

import java.util.List;
import java.util.Map;

import com.verdictdigest.system.SiteProperties;
import com.verdictdigest.system.Times;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public catalog page: comparisons newest first, each with both tools and their verdicts, a
 * link to its page on the comparison site, its date in the site's time zone; searchable by tool
 * name and filtered by category; each side also shows the readers' votes.
 */
@Controller
class CatalogController {

    static final int SHOWN = 200;
    private static final int MAX_QUERY = 100;

    /** One comparison as the page shows it. */
    public record Card(String slug, String title, String url, String published, String publishedIso, List<Side> sides) {
    }

    /**
     * One side: the tool and the panel's call. {@code verdict} is "ship", "skip", "split" (the
     * panel divided evenly) or null (no verdict given); {@code verdictText} says it in words;
     * {@code community} holds the readers' votes.
     */
    public record Side(Tool tool, String verdict, String verdictText, String counts, Integer shipPct, Community community) {
    }

    private final CatalogRepository repository;
    private final SiteProperties site;
    private final CatalogTransfer transfer;
    private final Times when;

    CatalogController(CatalogRepository repository, SiteProperties site, CatalogTransfer transfer) {
        this.repository = repository;
        this.site = site;
        this.transfer = transfer;
        this.when = new Times(site.timeZone());
    }

    @GetMapping("/")
    String catalog(@RequestParam(required = false) String q, @RequestParam(required = false) String category, Model model) {
        String search = q == null ? "" : q.strip();
        if (search.length() > MAX_QUERY) {
            search = search.substring(0, MAX_QUERY);
        }
        List<String> categories = repository.findToolCategories();
        String chosen = category == null || category.isBlank() ? "" : category.strip();
        List<Comparison> found = repository.findComparisonsMatching(search, chosen, SHOWN);
        var figures = transfer.figures(found);
        model.addAttribute("comparisons", found.stream().map(c -> card(c, figures)).toList());
        model.addAttribute("q", search);
        model.addAttribute("category", chosen);
        model.addAttribute("categories", categories);
        model.addAttribute("filtered", !search.isEmpty() || !chosen.isEmpty());
        model.addAttribute("zone", site.timeZone().getId());
        return "web/catalog";
    }

    private Card card(Comparison c, Map<CommunityFigures.Side, Community> figures) {
        return new Card(c.slug(), c.title(), site.comparisonUrl(c.slug()), when.day(c.publishedAt()),
                c.publishedAt().toString(), List.of(side(c.a(), CommunityFigures.get(figures, c, c.a())),
                        side(c.b(), CommunityFigures.get(figures, c, c.b()))));
    }

    static Side side(ComparisonSide s, Community community) {
        Panel p = s.panel();
        String counts = p.hasCounts() ? p.shipCount() + " ship / " + p.skipCount() + " skip" : null;
        if (p.verdict() != null) {
            return new Side(s.tool(), p.verdict().label(), p.verdict() == Verdict.SHIP ? "Ship" : "Skip", counts, p.shipPct(), community);
        }
        if (p.hasCounts() && p.shipCount().equals(p.skipCount()) || p.shipPct() != null && p.shipPct() == 50) {
            return new Side(s.tool(), "split", "Split panel", counts, p.shipPct(), community);
        }
        return new Side(s.tool(), null, "No verdict yet", counts, p.shipPct(), community);
    }
}
