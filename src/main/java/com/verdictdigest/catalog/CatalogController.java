package com.verdictdigest.catalog;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The public catalog page: comparisons newest first, each with both tools and their verdicts. */
@Controller
class CatalogController {

    private final CatalogRepository repository;

    CatalogController(CatalogRepository repository) {
        this.repository = repository;
    }

    @GetMapping("/")
    String catalog(Model model) {
        model.addAttribute("comparisons", repository.findComparisonsNewestFirst(200));
        return "web/catalog";
    }
}
