package com.verdictdigest.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded H2 database gets a generated password kept beside it in the data directory, also
 * when it was made by an earlier version with {@code sa} and an empty password; every later
 * process reads the same file.
 */
class EmbeddedH2Test {

    @TempDir
    Path root;

    HikariDataSource dataSource(String url) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername("sa");
        ds.setPassword("");
        return (HikariDataSource) new EmbeddedH2(new DataDirectory(root)).postProcessAfterInitialization(ds, "dataSource");
    }

    @Test
    void aNewDatabaseIsCreatedWithAGeneratedPasswordKeptPrivatelyInTheDataDirectory() throws Exception {
        Path data = root.resolve("data");
        String url = "jdbc:h2:file:" + data.resolve("verdict") + ";WRITE_DELAY=0";

        try (HikariDataSource ds = dataSource(url)) {
            JdbcClient.create(ds).sql("create table t (x int)").update();
        }

        Path file = data.resolve("verdict.h2-password");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        String password = Files.readString(file).strip();
        assertThat(password).hasSize(48);
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("Wrong user name or password");
        try (Connection c = DriverManager.getConnection(url, "sa", password)) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void anOldDatabaseWithTheEmptyPasswordGetsOneOnTheFirstStartAndKeepsItsData() throws Exception {
        Path data = root.resolve("data");
        String url = "jdbc:h2:file:" + data.resolve("verdict");
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("create table subscriber (email varchar(100)); insert into subscriber values ('ada@example.com')");
        }

        try (HikariDataSource first = dataSource(url)) {
            assertThat(JdbcClient.create(first).sql("select email from subscriber").query(String.class).single())
                    .isEqualTo("ada@example.com");
        }
        // A second process (a CLI command next to serve) reads the same password.
        try (HikariDataSource second = dataSource(url)) {
            assertThat(JdbcClient.create(second).sql("select count(*) from subscriber").query(Integer.class).single()).isOne();
        }

        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close()).isInstanceOf(SQLException.class);
        assertThat(Files.getPosixFilePermissions(data.resolve("verdict.h2-password")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aConfiguredPasswordAndOtherDatabasesAreLeftAlone() {
        HikariDataSource mem = new HikariDataSource();
        mem.setJdbcUrl("jdbc:h2:mem:x");
        HikariDataSource withPassword = new HikariDataSource();
        withPassword.setJdbcUrl("jdbc:h2:file:" + root.resolve("other"));
        withPassword.setPassword("mine");
        EmbeddedH2 h2 = new EmbeddedH2(new DataDirectory(root));

        h2.postProcessAfterInitialization(mem, "a");
        h2.postProcessAfterInitialization(withPassword, "b");

        assertThat(mem.getPassword()).isNull();
        assertThat(withPassword.getPassword()).isEqualTo("mine");
        assertThat(root.resolve("other.h2-password")).doesNotExist();
    }
}
