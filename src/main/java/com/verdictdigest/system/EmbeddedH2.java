package com.verdictdigest.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * The embedded H2 file database, safe by default: its {@code AUTO_SERVER} port (through which CLI
 * commands reach the database while {@code serve} runs) listens on loopback only, and the
 * database has a generated password kept beside it ({@code NAME.h2-password}, mode 0600, in a
 * 0700 directory) instead of {@code sa} with an empty one. A database made by an earlier version
 * (empty password) gets its password on the first start, and every later process (a CLI command
 * next to a running {@code serve}) reads the same file. Applies only to {@code jdbc:h2:file:}
 * URLs with no password configured; a configured password and other databases are left alone.
 */
@Component
public class EmbeddedH2 implements BeanPostProcessor {

    /** H2's own system property for the address its servers bind to (read once, when H2 loads). */
    public static final String BIND_ADDRESS = "h2.bindAddress";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedH2.class);

    private final ObjectProvider<DataDirectory> dataDirectory;

    /** A post-processor's dependencies are made before the others exist: the data directory is looked up when needed. */
    @Autowired
    EmbeddedH2(ObjectProvider<DataDirectory> dataDirectory) {
        this.dataDirectory = dataDirectory;
        bindToLoopback();
    }

    public EmbeddedH2(DataDirectory dataDirectory) {
        this(new org.springframework.beans.factory.support.StaticListableBeanFactory(java.util.Map.of("dataDirectory", dataDirectory))
                .getBeanProvider(DataDirectory.class));
    }

    /**
     * Binds H2's servers (the AUTO_SERVER port) to 127.0.0.1 unless told otherwise. Must run before
     * H2's classes load: the jar's main class calls it first thing; here it is a fallback.
     */
    public static void bindToLoopback() {
        if (System.getProperty(BIND_ADDRESS) == null) {
            System.setProperty(BIND_ADDRESS, "127.0.0.1");
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource ds && ds.getJdbcUrl() != null && ds.getJdbcUrl().startsWith("jdbc:h2:file:")
                && (ds.getPassword() == null || ds.getPassword().isEmpty())) {
            ds.setPassword(password(ds.getJdbcUrl(), ds.getUsername() == null ? "sa" : ds.getUsername()));
        }
        return bean;
    }

    /** The database's password: read from its file, or made now (and set on an existing database). */
    String password(String url, String user) {
        Path db = databaseFile(url);
        Path file = passwordFile(db);
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).strip();
            }
            Path dir = db.getParent();
            DataDirectory data = dataDirectory.getObject();
            if (dir.startsWith(data.root())) {
                data.privateDirectory(data.root().relativize(dir).toString());
            } else {
                Files.createDirectories(dir);
            }
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
            if (Files.exists(db.resolveSibling(db.getFileName() + ".mv.db"))) {
                setPassword(url, user, password);
                log.info("database {}: the empty password of {} replaced by a generated one, kept in {}", db, user, file);
            }
            writePrivate(file, password);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("H2 password file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The generated password of the H2 file database at {@code url}, if it has one (for tools that connect without Spring). */
    public static java.util.Optional<String> generatedPassword(String url) {
        if (url == null || !url.startsWith("jdbc:h2:file:")) {
            return java.util.Optional.empty();
        }
        Path file = passwordFile(databaseFile(url));
        try {
            return Files.isRegularFile(file) ? java.util.Optional.of(Files.readString(file).strip()) : java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("H2 password file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The path H2 is given, without the {@code jdbc:h2:file:} prefix and the settings. */
    static Path databaseFile(String url) {
        String rest = url.substring("jdbc:h2:file:".length());
        int semicolon = rest.indexOf(';');
        return Path.of(semicolon < 0 ? rest : rest.substring(0, semicolon)).toAbsolutePath().normalize();
    }

    public static Path passwordFile(Path databaseFile) {
        return databaseFile.resolveSibling(databaseFile.getFileName() + ".h2-password");
    }

    /** Sets the password of a database that still has the empty one (release 0.1's). */
    private static void setPassword(String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, user, "");
             Statement s = c.createStatement()) {
            // ALTER USER takes no parameter; the password is hex, the user name is quoted.
            s.execute("ALTER USER \"" + user.toUpperCase(Locale.ROOT).replace("\"", "\"\"") + "\" SET PASSWORD '" + password + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("the database at " + url + " refused the empty password and has no "
                    + passwordFile(databaseFile(url)).getFileName() + " beside it: set spring.datasource.password to its password ("
                    + e.getMessage() + ")", e);
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content + "\n");
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
