package com.verdictdigest.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Moves the whole catalog in and out as a JSON document ({@link CatalogJson}). Import stores each
 * comparison in its own transaction, so a bad one is reported and the others still land. The
 * readers' figures of each side travel with it: export writes them, import restores those a
 * document states ({@link CommunityFigures}).
 */
@Service
public class CatalogTransfer {

    /** Comparisons read per query while exporting: bounded memory per batch, any catalog size. */
    static final int EXPORT_BATCH = 500;

    /** What an import did; {@code errors} are "line:column: comparisons[i].field: message" lines. */
    public record Report(int read, int created, int updated, int unchanged, int toolsCreated, int toolsUpdated,
                         List<String> errors) {

        public String summary() {
            return "comparisons: " + read + " read, " + created + " created, " + updated + " updated, "
                    + unchanged + " unchanged; tools: " + toolsCreated + " created, " + toolsUpdated + " updated; "
                    + errors.size() + (errors.size() == 1 ? " error" : " errors");
        }
    }

    private final CatalogImporter importer;
    private final CatalogRepository repository;
    private final CommunityFigures community;

    public CatalogTransfer(CatalogImporter importer, CatalogRepository repository, CommunityFigures community) {
        this.importer = importer;
        this.repository = repository;
        this.community = community;
    }

    /** A catalog document and how many comparisons it holds. */
    public record Export(int comparisons, String json) {
    }

    /** Every comparison, oldest first, as a catalog document. */
    public Export exportAll() {
        List<Comparison> all = new ArrayList<>();
        List<Comparison> page = repository.findComparisonsPage(null, null, EXPORT_BATCH);
        while (!page.isEmpty()) {
            all.addAll(page);
            page = page.size() < EXPORT_BATCH ? List.of()
                    : repository.findComparisonsPage(null, CatalogRepository.Position.of(page.get(page.size() - 1)), EXPORT_BATCH);
        }
        return new Export(all.size(), CatalogJson.writeDocument(all, figures(all)));
    }

    /** The readers' figures of these comparisons' sides, for {@link CatalogJson#writeDocument(List, Map)}. */
    public Map<CommunityFigures.Side, Community> figures(List<Comparison> comparisons) {
        return community.of(comparisons.stream().map(Comparison::id).toList());
    }

    /**
     * Imports a catalog document. Throws {@link CatalogJson.MalformedJsonException} (nothing
     * imported) when the document itself cannot be read.
     */
    public Report importDocument(byte[] json) {
        CatalogJson.Document doc = CatalogJson.readDocument(json);
        int created = 0, updated = 0, unchanged = 0, toolsCreated = 0, toolsUpdated = 0;
        List<String> errors = new ArrayList<>();
        for (CatalogJson.Entry entry : doc.entries()) {
            if (!entry.ok()) {
                entry.errors().forEach(e -> errors.add(doc.describe(entry.index(), e)));
                continue;
            }
            try {
                CatalogImporter.Outcome o = store(entry.comparison());
                restoreCommunity(o.slug(), entry.communityA(), entry.communityB());
                switch (o.comparison()) {
                    case CREATED -> created++;
                    case UPDATED -> updated++;
                    case UNCHANGED -> unchanged++;
                }
                toolsCreated += o.toolsCreated();
                toolsUpdated += o.toolsUpdated();
            } catch (InvalidComparisonException e) {
                e.errors().forEach(fe -> errors.add(doc.describe(entry.index(), fe)));
            }
        }
        return new Report(doc.entries().size(), created, updated, unchanged, toolsCreated, toolsUpdated,
                List.copyOf(errors));
    }

    private void restoreCommunity(String slug, Community a, Community b) {
        if (a == null && b == null) {
            return;
        }
        Comparison stored = repository.findComparisonBySlug(slug).orElseThrow();
        if (a != null) {
            community.restore(CommunityFigures.Side.of(stored, stored.a()), a);
        }
        if (b != null) {
            community.restore(CommunityFigures.Side.of(stored, stored.b()), b);
        }
    }

    /**
     * Stores one comparison; when another writer (a second instance, a concurrent push) created
     * the same tool or comparison between our read and our insert, the retry finds it and updates.
     */
    public CatalogImporter.Outcome store(ComparisonInput in) {
        try {
            return importer.store(in, null);
        } catch (DuplicateKeyException raced) {
            return importer.store(in, null);
        }
    }
}
