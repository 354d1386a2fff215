package com.verdictdigest.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class DataDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void aRelativeDataDirectoryBecomesAbsoluteBeforeAnythingReadsIt() {
        MockEnvironment env = new MockEnvironment().withProperty(DataDirectory.PROPERTY, "some/../mydata");

        new DataDirectoryEnvironment().postProcessEnvironment(env, null);

        assertThat(env.getProperty(DataDirectory.PROPERTY)).isEqualTo(Path.of("mydata").toAbsolutePath().toString());
        assertThat(new DataDirectory(env).root()).isAbsolute();
    }

    @Test
    void withNothingConfiguredItIsDataInTheWorkingDirectory() {
        MockEnvironment env = new MockEnvironment();

        new DataDirectoryEnvironment().postProcessEnvironment(env, null);

        assertThat(env.getProperty(DataDirectory.PROPERTY)).isEqualTo(Path.of("data").toAbsolutePath().toString());
    }

    @Test
    void privateDirectoriesAreReadableByTheOwnerOnly() throws Exception {
        DataDirectory data = new DataDirectory(tmp.resolve("data"));

        Path uploads = data.privateDirectory("uploads");

        assertThat(uploads).isDirectory().startsWith(data.root());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(uploads))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.root()))).isEqualTo("rwx------");
        assertThatThrownBy(() -> data.privateDirectory("../elsewhere")).isInstanceOf(IllegalArgumentException.class);
    }
}
