package com.verdictdigest.subscribers;

import com.verdictdigest.support.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sign-up flows on H2, the default store. */
class SignupFlowH2Test extends SignupFlowTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        commonProperties(registry);
        String url = TestDatabase.H2.freshUrl();
        registry.add("spring.datasource.url", () -> url);
    }
}
