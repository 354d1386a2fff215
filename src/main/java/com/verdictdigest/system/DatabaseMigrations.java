package com.verdictdigest.system;

import java.sql.DatabaseMetaData;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreMigrationType;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Where the schema comes from, for the application and for everything that migrates a database
 * outside Spring (tests, benches): one tree, {@code db/migration/common} for every database plus
 * {@code db/migration/h2} or {@code db/migration/postgresql} where the SQL must differ, numbered
 * by one increasing sequence ({@code db/migration/README.md}).
 */
public final class DatabaseMigrations {

    private static final Logger log = LoggerFactory.getLogger(DatabaseMigrations.class);

    /** The Flyway version of the last migration of release 0.1: every later one is numbered above it. */
    public static final String RELEASE_0_1_LAST = "5.2";

    private DatabaseMigrations() {
    }

    /** The locations for a database: the common scripts and its vendor's ({@code h2}, {@code postgresql}). */
    public static String[] locations(String vendor) {
        return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + vendor};
    }

    /** Spring Boot's vendor id of the database ({@code h2}, {@code postgresql}), read from a connection. */
    public static String vendor(DataSource dataSource) {
        try {
            String url = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getURL);
            DatabaseDriver driver = DatabaseDriver.fromJdbcUrl(url);
            if (driver == DatabaseDriver.UNKNOWN) {
                throw new IllegalStateException("no migrations for the database at " + url + ": H2 and PostgreSQL only");
            }
            return driver.getId();
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot reach the database to migrate it: " + e.getMessage(), e);
        }
    }

    /** Points a Flyway configuration at this tree, for its data source's vendor. */
    public static FluentConfiguration configure(FluentConfiguration configuration) {
        return configuration.locations(locations(vendor(configuration.getDataSource())));
    }

    /** How a database's schema compares with this build's migrations. */
    public enum SchemaState {
        /** No schema history: nothing of this product is in the database. */
        EMPTY,
        /** Migrations of this build are not applied yet (an upgrade): migrate before use. */
        BEHIND,
        /** Every migration of this build is applied. */
        CURRENT
    }

    /**
     * Compares the newest successful version in Flyway's history table with the newest migration
     * file of this build, without starting Flyway (which scans and validates every migration): what
     * a command that only reads needs to know before it trusts the schema. A database newer than
     * this build counts as current (the newer release's migrations only add).
     */
    public static SchemaState schemaState(DataSource dataSource) {
        List<String> applied;
        try {
            applied = JdbcClient.create(dataSource).sql("""
                    select "version" from "flyway_schema_history" where "success" = true and "version" is not null""")
                    .query(String.class).list();
        } catch (org.springframework.dao.DataAccessException e) {
            return SchemaState.EMPTY; // no history table
        }
        if (applied.isEmpty()) {
            return SchemaState.EMPTY;
        }
        MigrationVersion newestApplied = applied.stream().map(MigrationVersion::fromVersion).max(MigrationVersion::compareTo).orElseThrow();
        return newestApplied.compareTo(newestMigration(vendor(dataSource))) >= 0 ? SchemaState.CURRENT : SchemaState.BEHIND;
    }

    private static final java.util.regex.Pattern VERSIONED = java.util.regex.Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__.*\\.sql");

    /** The highest version among this build's migration files for {@code vendor} (read from the class path). */
    static MigrationVersion newestMigration(String vendor) {
        MigrationVersion newest = MigrationVersion.EMPTY;
        try {
            org.springframework.core.io.support.PathMatchingResourcePatternResolver resolver =
                    new org.springframework.core.io.support.PathMatchingResourcePatternResolver(DatabaseMigrations.class.getClassLoader());
            for (String location : locations(vendor)) {
                for (org.springframework.core.io.Resource r : resolver.getResources(location + "/V*.sql")) {
                    java.util.regex.Matcher m = VERSIONED.matcher(String.valueOf(r.getFilename()));
                    if (m.matches()) {
                        MigrationVersion v = MigrationVersion.fromVersion(m.group(1).replace('_', '.'));
                        if (v.compareTo(newest) > 0) {
                            newest = v;
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list the migrations: " + e.getMessage(), e);
        }
        return newest;
    }

    /** Migrates a database outside Spring exactly as the application does at start-up. */
    public static DataSource migrate(DataSource dataSource) {
        migrate(configure(Flyway.configure().dataSource(dataSource)).load());
        return dataSource;
    }

    /** The application's migration: the one known upgrade fix of release 0.1's history, then Flyway's migrate. */
    public static void migrate(Flyway flyway) {
        realignSubscriberSearch(flyway);
        flyway.migrate();
    }

    /**
     * Release 0.1 made the admin search columns with a Java migration (V3.21 "subscriber search",
     * type JDBC, no checksum); this tree has the same statements as SQL files of the same version
     * and description, one per vendor. Flyway pairs applied and resolved migrations by version and
     * type, so on a 0.1 database it would see V3.21 as removed and a new V3.21 as never applied,
     * and refuse to start. Flyway's repair would mark the old row deleted and leave the SQL file
     * pending (it would then run again and fail), so the one known row is rewritten instead: its
     * type, checksum and script become the SQL file's. Nothing else is touched: any other
     * difference between a database and this tree still fails Flyway's validation.
     */
    static void realignSubscriberSearch(Flyway flyway) {
        MigrationInfo[] all = flyway.info().all();
        Optional<MigrationInfo> javaRow = Arrays.stream(all)
                .filter(m -> isSubscriberSearch(m) && m.getState().isApplied() && m.getType() == CoreMigrationType.JDBC)
                .findFirst();
        Optional<MigrationInfo> sqlFile = Arrays.stream(all)
                .filter(m -> isSubscriberSearch(m) && !m.getState().isApplied() && m.getType() == CoreMigrationType.SQL)
                .findFirst();
        if (javaRow.isEmpty() || sqlFile.isEmpty()) {
            return;
        }
        // Flyway creates its table and columns with quoted lower-case names, on H2 as on PostgreSQL.
        Configuration conf = flyway.getConfiguration();
        String table = (conf.getDefaultSchema() == null ? "" : "\"" + conf.getDefaultSchema() + "\".") + "\"" + conf.getTable() + "\"";
        int rows = JdbcClient.create(conf.getDataSource()).sql("""
                        update %s set "type" = 'SQL', "checksum" = :checksum, "script" = :script
                         where "installed_rank" = :rank and "type" = 'JDBC'""".formatted(table))
                .param("checksum", sqlFile.get().getChecksum())
                .param("script", sqlFile.get().getScript())
                .param("rank", javaRow.get().getInstalledRank())
                .update();
        log.info("Schema history: release 0.1's Java migration V3.21 (subscriber search) is now recorded as {} ({} row)",
                sqlFile.get().getScript(), rows);
    }

    private static boolean isSubscriberSearch(MigrationInfo m) {
        return m.getVersion() != null && "3.21".equals(m.getVersion().getVersion()) && "subscriber search".equals(m.getDescription());
    }
}
