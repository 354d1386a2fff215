package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.verdictdigest.support.Config;
import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.io.TempDir;

/** An export saved on the server loses the erased person's line, whatever the export did to the address cell. */
class ErasureOfExportsTest {

    @TempDir
    Path exports;

    @StoreTest
    void anAddressTheExportEscapedForSpreadsheetsIsStillErasedFromIt(TestDatabase db) throws Exception {
        // No mail is sent here: the SMTP port is never used.
        AdminFixture f = new AdminFixture(db, 0, Config.bind(SubscriberAdminProperties.class, "export-dir=" + exports));
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        long minus = f.add("-joe@example.com", SubscriberStatus.CONFIRMED, at);
        long plus = f.add("+ann@example.com", SubscriberStatus.CONFIRMED, at);
        f.add("kept@example.com", SubscriberStatus.CONFIRMED, at);
        Path export = exports.resolve("subscribers.csv");
        try (Writer out = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
            new SubscriberExport(f.repository).writeCsv((SubscriberStatus) null, out);
        }
        assertThat(Files.readString(export)).as("the export escapes both addresses (the test can fail)")
                .contains("'-joe@example.com", "'+ann@example.com");

        assertThat(f.erasure().erase(minus, "admin")).isTrue();
        assertThat(f.erasure().erase(plus, "admin")).isTrue();

        assertThat(Files.readString(export)).doesNotContain("joe@example.com", "ann@example.com").contains("kept@example.com");
    }
}
