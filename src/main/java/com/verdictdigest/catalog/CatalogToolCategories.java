package com.verdictdigest.catalog;

import java.util.List;

import com.verdictdigest.system.ToolCategories;
import org.springframework.stereotype.Component;

/** The catalog's answer to "which categories can a reader follow". */
@Component
class CatalogToolCategories implements ToolCategories {

    private final CatalogRepository repository;

    CatalogToolCategories(CatalogRepository repository) {
        this.repository = repository;
    }

    @Override
    public List<String> names() {
        return repository.findToolCategories();
    }
}
