package com.verdictdigest.support;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.verdictdigest.system.DatabaseMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The two stores the product runs on, each handing out a fresh database per call: H2 in
 * memory, and a real PostgreSQL (zonky embedded, started once per test JVM) with one new
 * database per call. Repository tests run against both ({@link StoreTest}).
 */
public enum TestDatabase {
    H2 {
        @Override
        public DataSource empty() {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:t" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
            ds.setUser("sa");
            return ds;
        }

        @Override
        public String freshUrl() {
            return "jdbc:h2:mem:u" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        }
    },
    POSTGRES {
        @Override
        public DataSource empty() {
            return postgres().getDatabase("postgres", createDatabase());
        }

        @Override
        public String freshUrl() {
            return postgres().getJdbcUrl("postgres", createDatabase());
        }
    };

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    /** A new database with the product's migrations applied, as the application migrates at start-up. */
    public DataSource fresh() {
        return DatabaseMigrations.migrate(empty());
    }

    /** A new database without any table. */
    public abstract DataSource empty();

    /** The JDBC URL of a new, empty database (user "postgres" or "sa", no password), for a Spring context. */
    public abstract String freshUrl();

    public JdbcClient freshClient() {
        return JdbcClient.create(fresh());
    }

    static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going anyway
                }
            }));
        }
        return postgres;
    }

    private static String createDatabase() {
        String name = "t" + COUNTER.incrementAndGet();
        try (Connection c = postgres().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }
}
