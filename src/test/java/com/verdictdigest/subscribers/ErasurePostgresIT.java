package com.verdictdigest.subscribers;

import com.verdictdigest.support.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The erasure on PostgreSQL (embedded), the scale-out store. */
class ErasurePostgresIT extends ErasureTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        String url = TestDatabase.POSTGRES.freshUrl();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
