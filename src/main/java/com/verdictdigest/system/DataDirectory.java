package com.verdictdigest.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The directory that holds this installation's data: the H2 database, uploads, server-side
 * exports. {@code verdict.data-dir} (CLI {@code --data-dir}, environment {@code VERDICT_DATA_DIR},
 * default in {@link InstallationProperties}); always absolute once the application runs (see
 * {@link DataDirectoryEnvironment}), so nothing depends on the working directory.
 */
@Component
public class DataDirectory {

    public static final String PROPERTY = "verdict.data-dir";

    private final Path root;

    @Autowired
    public DataDirectory(Environment env) {
        this(InstallationProperties.of(env).dataDir());
    }

    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * A sub-directory only this user may read (0700 where the file system has POSIX permissions),
     * created if missing: for files with personal data.
     */
    public Path privateDirectory(String name) {
        Path dir = root.resolve(name).normalize();
        if (!dir.startsWith(root)) {
            throw new IllegalArgumentException(name + " is not inside the data directory");
        }
        try {
            createPrivate(root);
            // Every level below the root too: uploads/incoming makes uploads 0700 as well.
            Path level = root;
            for (Path part : root.relativize(dir)) {
                level = level.resolve(part);
                createPrivate(level);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void createPrivate(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
