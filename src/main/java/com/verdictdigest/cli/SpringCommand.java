package com.verdictdigest.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

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
 */
public abstract class SpringCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (ConfigurableApplicationContext ctx = boot(spec, WebApplicationType.NONE, cliDefaults(), cliForced())) {
            return run(ctx);
        }
    }

    protected abstract int run(ConfigurableApplicationContext ctx) throws Exception;

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
        return boot(spec, type, defaults, forced, ctx -> { });
    }

    static ConfigurableApplicationContext boot(CommandSpec spec, WebApplicationType type,
                                               Map<String, Object> defaults, Map<String, Object> forced,
                                               java.util.function.Consumer<ConfigurableApplicationContext> init) {
        return builder(spec, type, defaults, forced, init).run();
    }

    static SpringApplicationBuilder builder(CommandSpec spec, WebApplicationType type,
                                            Map<String, Object> defaults, Map<String, Object> forced,
                                            java.util.function.Consumer<ConfigurableApplicationContext> init) {
        Map<String, Object> top = new HashMap<>(forced);
        if (spec.root().userObject() instanceof VerdictCli root) {
            top.putAll(root.properties());
        }
        return new SpringApplicationBuilder(VerdictDigestApplication.class)
                .web(type)
                .bannerMode(Banner.Mode.OFF)
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
