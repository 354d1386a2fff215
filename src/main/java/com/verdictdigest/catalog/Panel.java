package com.verdictdigest.catalog;

/**
 * The panel's verdict on one side of a comparison, as far as the source states it:
 * compact pages give only the ship percentage, full pages also the word and the counts.
 */
public record Panel(Verdict verdict, Integer shipCount, Integer skipCount, Integer shipPct) {

    public static final Panel UNKNOWN = new Panel(null, null, null, null);

    public boolean hasCounts() {
        return shipCount != null && skipCount != null;
    }
}
