package com.verdictdigest.digest;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.catalog.Panel;
import com.verdictdigest.catalog.SideInput;
import com.verdictdigest.catalog.ToolInput;
import com.verdictdigest.catalog.Verdict;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A fresh draft issue with one new comparison, and confirmed readers, on a database tests share. */
final class LifecycleFixture {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private LifecycleFixture() {
    }

    static void readers(JdbcClient jdbc, int count) {
        for (int i = 0; i < count; i++) {
            String email = "reader" + SEQ.incrementAndGet() + "@example.com";
            jdbc.sql("""
                    insert into subscriber (email, email_key, status, created_at, updated_at)
                    values (:e, :e, 'confirmed', current_timestamp, current_timestamp)""")
                    .param("e", email).update();
        }
    }

    /** A draft issue holding one comparison published now (its window starts at the previous cut-off). */
    static int draft(CatalogImporter catalog, IssueLifecycle lifecycle) {
        int n = SEQ.incrementAndGet();
        SideInput a = new SideInput(new ToolInput("Life Alpha " + n, null, "Developer Tools", "A", null, "Free", "Entry",
                null, null), new Panel(Verdict.SHIP, 4, 0, 100), null, List.of());
        SideInput b = new SideInput(new ToolInput("Life Beta " + n, null, "Developer Tools", "B", null, "Free", "Entry",
                null, null), new Panel(Verdict.SKIP, 1, 3, 25), null, List.of());
        Instant published = Instant.now();
        catalog.store(new ComparisonInput(null, published, a, b), null);
        return lifecycle.closeWindow(null, published.plusMillis(1), "editor").orElseThrow().number();
    }
}
