package com.verdictdigest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.Consumer;

import com.verdictdigest.system.DataDirectory;
import com.verdictdigest.system.DatabaseMigrations;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Runs as the context starts, before any bean: a command that needs a database finds one where
 * the configuration says, or stops with a message that names the data directory and
 * {@code --data-dir}. Without this, H2 would create an empty database wherever the command
 * happens to run, and the command would report an empty list as if that were the truth.
 */
final class DatabaseCheck implements Consumer<ConfigurableApplicationContext> {

    private final SpringCommand.Database need;
    private CliException failure;

    DatabaseCheck(SpringCommand.Database need) {
        this.need = need;
    }

    @Override
    public void accept(ConfigurableApplicationContext ctx) {
        if (need != SpringCommand.Database.REQUIRED) {
            return;
        }
        Environment env = ctx.getEnvironment();
        String url = env.getProperty("spring.datasource.url", "");
        String problem = problem(url, env);
        if (problem != null) {
            failure = new CliException(problem, 1);
            throw new SpringApplication.AbandonedRunException(); // stops the start quietly; call() reports it
        }
    }

    CliException failure() {
        return failure != null ? failure : new CliException("the command could not start", 1);
    }

    /** What is wrong with the database at {@code url}, or null if it is there. */
    static String problem(String url, Environment env) {
        Path h2 = h2File(url);
        String dataDir = env.getProperty(DataDirectory.PROPERTY, "data");
        String how = " Give the data directory with --data-dir DIR (or VERDICT_DATA_DIR); the demo prints its own. "
                + "serve, demo, import-pages, import-json and subscribers import make a new database.";
        if (h2 != null) {
            if (Files.isRegularFile(Path.of(h2 + ".mv.db"))) {
                return null;
            }
            boolean inDataDir = h2.startsWith(Path.of(dataDir).toAbsolutePath().normalize());
            return "no database " + (inDataDir ? "in the data directory " + dataDir : "at " + h2 + " (spring.datasource.url)")
                    + ": " + h2 + ".mv.db does not exist." + how;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:mem:") || url.isBlank()) {
            return null;
        }
        // Any other H2 URL (nio:, split:, tcp: ...) is opened only if its database exists: a probe
        // that created an empty one would leave a file behind and then call it "empty".
        boolean h2Elsewhere = lower.startsWith("jdbc:h2:");
        String probe = h2Elsewhere && !lower.contains(";ifexists=") ? url + ";IFEXISTS=TRUE" : url;
        try (Connection c = DriverManager.getConnection(probe, env.getProperty("spring.datasource.username"),
                env.getProperty("spring.datasource.password"))) {
            if (DatabaseMigrations.schemaState(new SingleConnectionDataSource(c, true)) == DatabaseMigrations.SchemaState.EMPTY) {
                return "the database at " + url + " is empty: nothing of Verdict Digest is in it."
                        + " Check spring.datasource.url, or run serve or an import there first.";
            }
            return null;
        } catch (SQLException e) {
            if (h2Elsewhere && e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1) {
                return "no database at " + url + " (spring.datasource.url): H2 finds none there." + how;
            }
            return "cannot reach the database at " + url + ": " + e.getMessage();
        }
    }

    /** The file an H2 URL names (without ".mv.db"), or null for another database or an in-memory one. */
    static Path h2File(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:")) {
            return null;
        }
        String rest = url.substring("jdbc:h2:".length());
        int options = rest.indexOf(';');
        if (options >= 0) {
            rest = rest.substring(0, options);
        }
        String r = rest.toLowerCase(Locale.ROOT);
        if (r.startsWith("mem:") || r.startsWith("tcp:") || r.startsWith("ssl:") || r.startsWith("zip:")) {
            return null;
        }
        if (r.startsWith("file:")) {
            rest = rest.substring("file:".length());
        } else if (r.startsWith("split:") || r.startsWith("nio")) {
            return null; // exotic file systems: let H2 decide
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        return Path.of(rest).toAbsolutePath().normalize();
    }
}
