package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.env.StandardEnvironment;

/** A command's database check on H2 URLs it cannot read as a plain file: it must never create the database it looks for. */
class DatabaseCheckTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"nio:", "split:"})
    void aMissingDatabaseBehindAnotherH2FileSystemIsReportedAndNotCreated(String fileSystem) throws Exception {
        String url = "jdbc:h2:" + fileSystem + dir.resolve("verdict") + ";WRITE_DELAY=0";

        String problem = DatabaseCheck.problem(url, new StandardEnvironment());

        assertThat(problem).startsWith("no database at " + url).contains("--data-dir");
        try (var files = Files.list(dir)) {
            assertThat(files).as("the check left no database behind").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio:", "split:"})
    void anExistingButEmptyDatabaseThereIsCalledEmpty(String fileSystem) throws Exception {
        String url = "jdbc:h2:" + fileSystem + dir.resolve("verdict");
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("create table something_else (id int)");
        }

        assertThat(DatabaseCheck.problem(url, new StandardEnvironment())).contains("is empty");
    }
}
