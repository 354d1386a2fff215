package com.verdictdigest.system;

import java.util.List;

/**
 * A feature's part of {@code demo}: loads its demo data (idempotently: a second demo run on the
 * same database adds nothing) and names the pages worth opening. Seeders run in
 * {@link org.springframework.core.annotation.Order} order.
 */
public interface DemoSeeder {

    /** @return one line saying what was loaded */
    String seed();

    /** @return lines "label: URL" to print, for the web app at {@code baseUrl} */
    default List<String> links(String baseUrl) {
        return List.of();
    }
}
