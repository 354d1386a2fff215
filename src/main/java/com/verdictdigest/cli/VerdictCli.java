package com.verdictdigest.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.verdictdigest.system.DataDirectory;
import com.verdictdigest.system.EmbeddedH2;
import com.verdictdigest.system.JitTuning;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The jar's entry point. Each subcommand boots Spring itself, so {@code --help} and bad options
 * answer at once and only {@code serve}/{@code demo} start a web server.
 */
@Command(name = "verdict-digest",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Turns a catalog of AI-tool comparisons into a weekly email digest and delivers it.",
        subcommands = {
                ServeCommand.class,
                DemoCommand.class,
                ImportPagesCommand.class,
                ImportJsonCommand.class,
                ExportJsonCommand.class,
                BouncesCommand.class,
                DigestCommand.class,
                SendCommand.class,
                DkimCommand.class,
                DoctorCommand.class,
                SubscribersCommand.class,
                CommandLine.HelpCommand.class,
        },
        footer = {"", "Configuration: ./application.yml, ./config/application.yml or environment variables "
                + "(see README.md)."})
public class VerdictCli implements Runnable {

    /** What {@code serve}/{@code demo} return: the JVM lives on with the web server. */
    public static final int KEEP_RUNNING = -1;

    @Spec
    CommandSpec spec;

    private final Map<String, Object> properties;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "The data directory (H2 database, uploads, exports); default: VERDICT_DATA_DIR, "
                    + "verdict.data-dir, else ./data.")
    Path dataDir;

    public VerdictCli() {
        this(Map.of());
    }

    /** @param properties Spring properties that win over every other source (tests point them at a database). */
    public VerdictCli(Map<String, Object> properties) {
        this.properties = Map.copyOf(properties);
    }

    /** The properties every command boots Spring with: the tests' and the global options'. */
    public Map<String, Object> properties() {
        if (dataDir == null) {
            return properties;
        }
        Map<String, Object> all = new HashMap<>(properties);
        all.put(DataDirectory.PROPERTY, dataDir.toAbsolutePath().normalize().toString());
        return all;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: give one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The jar's main class (the application class knows nothing of the CLI). */
    public static void main(String[] args) {
        EmbeddedH2.bindToLoopback(); // before H2 loads: it reads the property once
        // Jakarta Mail otherwise runs a ServiceLoader scan on every header or multipart it parses.
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        JitTuning.applyFor(commandName(args));
        int code = execute(args);
        if (code != KEEP_RUNNING) {
            System.exit(code);
        }
    }

    /** The top-level command {@code args} name, after the global options and their values; null if they name none. */
    static String commandName(String... args) {
        try {
            CommandLine.ParseResult parsed = commandLine(new VerdictCli()).parseArgs(args);
            return parsed.subcommand() == null ? null : parsed.subcommand().commandSpec().name();
        } catch (CommandLine.ParameterException e) {
            return null; // execute reports it
        }
    }

    public static int execute(String... args) {
        return commandLine(new VerdictCli()).execute(args);
    }

    public static CommandLine commandLine(VerdictCli root) {
        CommandLine cl = new CommandLine(root);
        cl.setExecutionExceptionHandler(new CliErrors());
        // README, web pages and output write statuses in lower case: "--status confirmed" is accepted as is.
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
