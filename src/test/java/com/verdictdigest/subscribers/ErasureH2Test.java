package com.verdictdigest.subscribers;

import com.verdictdigest.support.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The erasure on H2, the default store. */
class ErasureH2Test extends ErasureTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        String url = TestDatabase.H2.freshUrl();
        registry.add("spring.datasource.url", () -> url);
    }
}
