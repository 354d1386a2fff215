package com.verdictdigest.system;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot's Flyway runs {@link DatabaseMigrations}: its locations (they replace
 * {@code spring.flyway.locations}, so tests and benches migrate from the same place) and its
 * migration, which upgrades a release 0.1 database.
 */
@Configuration(proxyBeanMethods = false)
class MigrationConfig {

    @Bean
    FlywayConfigurationCustomizer migrationLocations() {
        return DatabaseMigrations::configure;
    }

    @Bean
    FlywayMigrationStrategy migrationStrategy() {
        return DatabaseMigrations::migrate;
    }
}
