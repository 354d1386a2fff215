package com.verdictdigest.cli;

import javax.sql.DataSource;

import com.verdictdigest.catalog.CatalogTransfer;
import com.verdictdigest.delivery.SendProgresses;
import com.verdictdigest.digest.IssueRecords;
import com.verdictdigest.system.ClockConfig;
import com.verdictdigest.system.DatabaseMigrations;
import com.verdictdigest.system.EmbeddedH2;
import com.verdictdigest.subscribers.SubscriberTokens;
import com.verdictdigest.votes.VoteLinks;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The context of the commands that only read ({@code digest list}, {@code send status},
 * {@code export-json}): the beans of the modules they read (catalog, delivery, digest, system; votes
 * for the catalog's readers' figures),
 * each made only when a command asks for it (lazy), on a plain JDBC data source; no
 * auto-configuration, so no web server, no Quartz, no connection pool, no Flyway. The schema is checked cheaply instead (Flyway's history against this
 * build's newest migration) and migrated only when it is behind, as {@code serve} would.
 * Deliberately not a {@code @Configuration} (nor any {@code @Component}): the application's own
 * component scan would find it and put its plain data source in place of the pool in every
 * context, serve's included. It is a source only of the contexts that name it.
 */
@ComponentScan(basePackageClasses = {CatalogTransfer.class, SendProgresses.class, IssueRecords.class, VoteLinks.class,
        ClockConfig.class}, lazyInit = true)
@Import(SubscriberTokens.class) // delivery's ledger reads recompute link tokens
@ConfigurationPropertiesScan(basePackageClasses = {CatalogTransfer.class, SendProgresses.class, IssueRecords.class,
        VoteLinks.class, ClockConfig.class})
class ReadOnlyContext {

    /**
     * Every bean lazy, the @Bean methods of the modules' configurations too: made only when a
     * command asks. (A default property: spring.main.* is read before the command's own properties.)
     */
    static java.util.Map<String, Object> defaults(java.util.Map<String, Object> cliDefaults) {
        java.util.Map<String, Object> all = new java.util.HashMap<>(cliDefaults);
        all.put("spring.main.lazy-initialization", "true");
        return all;
    }

    @Bean
    DataSource dataSource(Environment env) throws ClassNotFoundException {
        String url = env.getRequiredProperty("spring.datasource.url");
        // One connection for the whole command (closed with the context): a new one per query would
        // open and close the H2 file, and its AUTO_SERVER, each time.
        SingleConnectionDataSource ds = new SingleConnectionDataSource();
        ds.setSuppressClose(true);
        ds.setDriverClassName(driver(url).getName());
        ds.setUrl(url);
        ds.setUsername(env.getProperty("spring.datasource.username"));
        String password = env.getProperty("spring.datasource.password");
        // The embedded H2 file's generated password, kept beside it (system.EmbeddedH2 sets it on the pooled source of the full context).
        ds.setPassword(password == null || password.isEmpty() ? EmbeddedH2.generatedPassword(url).orElse("") : password);
        if (DatabaseMigrations.schemaState(ds) != DatabaseMigrations.SchemaState.CURRENT) {
            DatabaseMigrations.migrate(ds); // an upgrade (or a new database): as serve would at start-up
        }
        return ds;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends java.sql.Driver> driver(String url) throws ClassNotFoundException {
        String name = url.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : "org.h2.Driver";
        return (Class<? extends java.sql.Driver>) Class.forName(name);
    }

    @Bean
    JdbcClient jdbcClient(DataSource dataSource) {
        return JdbcClient.create(dataSource);
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }
}
