package com.verdictdigest.catalog;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The public catalog page: comparisons newest first, each with both tools, the panel's verdicts
 * and the readers' votes.
 */
@Controller
class CatalogController {

    private final CatalogRepository repository;
    private final CatalogTransfer transfer;

    CatalogController(CatalogRepository repository, CatalogTransfer transfer) {
        this.repository = repository;
        this.transfer = transfer;
    }

    /** A side as the page shows it: the stored side and the readers' figures. */
    public record SideView(ComparisonSide side, Community community) {
    }

    @GetMapping("/")
    String catalog(Model model) {
        List<Comparison> comparisons = repository.findComparisonsNewestFirst(200);
        var figures = transfer.figures(comparisons);
        model.addAttribute("comparisons", comparisons);
        model.addAttribute("sides", comparisons.stream().map(c -> List.of(
                new SideView(c.a(), CommunityFigures.get(figures, c, c.a())),
                new SideView(c.b(), CommunityFigures.get(figures, c, c.b())))).toList());
        return "web/catalog";
    }
}
