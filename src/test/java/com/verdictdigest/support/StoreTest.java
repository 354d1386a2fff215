package com.verdictdigest.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * A behaviour that must hold on every store the product runs on: the test takes a
 * {@link TestDatabase} and runs once per store of the configuration parameter
 * {@value #STORES} (comma-separated, default {@code h2}). {@code mvn test} runs them on H2;
 * {@code StoreTestsOnPostgresIT} runs every one of them again on PostgreSQL in {@code mvn verify}
 * ({@code -Dverdict.test.stores=h2,postgres} runs both in any run).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ArgumentsSource(StoreTest.Stores.class)
@Tag(StoreTest.TAG)
public @interface StoreTest {

    String STORES = "verdict.test.stores";
    String TAG = "store";

    /** The stores of this run. */
    final class Stores implements ArgumentsProvider {

        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
            String names = context.getConfigurationParameter(STORES).orElse("h2");
            return Arrays.stream(names.split(",")).map(String::strip).filter(n -> !n.isEmpty())
                    .map(n -> Arguments.of(TestDatabase.valueOf(n.toUpperCase(Locale.ROOT))));
        }
    }
}
