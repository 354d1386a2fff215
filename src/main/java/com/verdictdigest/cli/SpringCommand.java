package com.verdictdigest.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import com.verdictdigest.VerdictDigestApplication;
import com.verdictdigest.system.RunMode;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that needs the application's beans but no web server: it boots Spring without one,
 * quietly, runs, and closes the context. The same database settings apply as for {@code serve}.
 * Before anything starts, the database must be there (see {@link Database}): a command run in
 * the wrong directory says so instead of making an empty database. A {@linkplain #readOnly()
 * read-only} command boots only what it reads with ({@link ReadOnlyContext}).
 */
public abstract class SpringCommand implements Callable<Integer> {

    /** What a command needs of the database. */
    protected enum Database {
        /** It must exist (the usual case): a missing one is an error that names the data directory. */
        REQUIRED,
        /** The command makes it if missing (the importers). */
        CREATED,
        /** The command uses none. */
        NONE
    }

    private static final String NO_PREINITIALIZER = "spring.backgroundpreinitializer.ignore";

    @Spec
    protected CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (ConfigurableApplicationContext ctx = start()) {
            return run(ctx);
        }
    }

    protected abstract int run(ConfigurableApplicationContext ctx) throws Exception;

    protected Database database() {
        return Database.REQUIRED;
    }

    /**
     * True for a command that only reads ({@code digest list}, {@code send status},
     * {@code export-json}): it boots {@link ReadOnlyContext} (no auto-configuration, no Quartz,
     * no migration unless the schema is behind, beans made only when asked for).
     */
    protected boolean readOnly() {
        return false;
    }

    private ConfigurableApplicationContext start() {
        // Boot warms Jackson, Bean Validation, Tomcat and the message converters on a second thread,
        // for a web server to come: a command that finishes in seconds only pays for it.
        if (System.getProperty(NO_PREINITIALIZER) == null) {
            System.setProperty(NO_PREINITIALIZER, "true");
        }
        DatabaseCheck check = new DatabaseCheck(database());
        try {
            return readOnly()
                    ? boot(spec, ReadOnlyContext.class, WebApplicationType.NONE, ReadOnlyContext.defaults(cliDefaults()), cliForced(), check)
                    : boot(spec, VerdictDigestApplication.class, WebApplicationType.NONE, cliDefaults(), cliForced(), check);
        } catch (SpringApplication.AbandonedRunException e) {
            throw check.failure();
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    static Map<String, Object> cliDefaults() {
        return Map.of(
                "logging.level.root", "WARN",
                "spring.main.log-startup-info", "false");
    }

    /** A CLI command never runs the scheduler or pollers, whatever application.yml says. */
    static Map<String, Object> cliForced() {
        return Map.of(
                "spring.quartz.auto-startup", "false",
                RunMode.KEY, RunMode.CLI.value());
    }

    /**
     * @param defaults lowest precedence: application.yml and the environment override them
     * @param forced   highest precedence (after the root command's own properties, used by tests)
     */
    static ConfigurableApplicationContext boot(CommandSpec spec, WebApplicationType type,
                                               Map<String, Object> defaults, Map<String, Object> forced) {
        return boot(spec, VerdictDigestApplication.class, type, defaults, forced, ctx -> { });
    }

    static ConfigurableApplicationContext boot(CommandSpec spec, WebApplicationType type,
                                               Map<String, Object> defaults, Map<String, Object> forced,
                                               Consumer<ConfigurableApplicationContext> init) {
        return boot(spec, VerdictDigestApplication.class, type, defaults, forced, init);
    }

    static ConfigurableApplicationContext boot(CommandSpec spec, Class<?> source, WebApplicationType type,
                                               Map<String, Object> defaults, Map<String, Object> forced,
                                               Consumer<ConfigurableApplicationContext> init) {
        return builder(spec, source, type, defaults, forced, init).run();
    }

    static SpringApplicationBuilder builder(CommandSpec spec, Class<?> source, WebApplicationType type,
                                            Map<String, Object> defaults, Map<String, Object> forced,
                                            Consumer<ConfigurableApplicationContext> init) {
        Map<String, Object> top = new HashMap<>(forced);
        if (spec.root().userObject() instanceof VerdictCli root) {
            top.putAll(root.properties());
        }
        return new SpringApplicationBuilder(source)
                .web(type)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(defaults)
                .initializers(ctx -> {
                    ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource("verdict-command", top));
                    init.accept(ctx);
                });
    }

    /**
     * The configuration as the application would see it (application.yml, ./config, the
     * environment, the command's properties, the data directory made absolute), without creating
     * a single bean: the run is abandoned once the environment is prepared.
     */
    static ConfigurableEnvironment environment(CommandSpec spec, Map<String, Object> forced) {
        Map<String, Object> top = new HashMap<>(forced);
        if (spec.root().userObject() instanceof VerdictCli root) {
            top.putAll(root.properties());
        }
        ConfigurableEnvironment[] prepared = new ConfigurableEnvironment[1];
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("verdict-command", top));
        SpringApplication app = new SpringApplicationBuilder(VerdictDigestApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .properties(cliDefaults())
                .environment(env)
                .listeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) e -> {
                    prepared[0] = e.getEnvironment();
                    throw new SpringApplication.AbandonedRunException();
                })
                .build();
        try {
            app.run();
        } catch (SpringApplication.AbandonedRunException expected) {
            // the environment is all we wanted
        }
        return prepared[0];
    }
}
