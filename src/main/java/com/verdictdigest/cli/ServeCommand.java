package com.verdictdigest.cli;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.verdictdigest.system.RunMode;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the product: web app, scheduler and sender, with the database and SMTP server "
                + "from application.yml or the environment (H2 file under ./data by default).")
class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", description = "HTTP port (default: server.port, else 8080).")
    Integer port;

    @Override
    public Integer call() {
        Map<String, Object> forced = new java.util.HashMap<>(Map.of(RunMode.KEY, RunMode.SERVE.value()));
        if (port != null) {
            forced.put("server.port", port);
        }
        List<ServeReadiness.Missing> missing = ServeReadiness.check(SpringCommand.environment(spec, forced));
        if (!missing.isEmpty()) {
            throw new CliException("serve refuses to start with the example identity; set "
                    + (missing.size() == 1 ? "this key" : "these keys") + " (application.yml or the environment, README \"Running it for real\"):"
                    + missing.stream().map(m -> System.lineSeparator() + "  " + m).collect(Collectors.joining())
                    + System.lineSeparator() + "Check the rest with: java -jar verdict-digest.jar doctor", 1);
        }
        ConfigurableApplicationContext ctx = SpringCommand.boot(spec, WebApplicationType.SERVLET, Map.of(), forced);
        spec.commandLine().getOut().println("Verdict Digest is running at " + baseUrl(ctx.getEnvironment()));
        spec.commandLine().getOut().flush();
        return VerdictCli.KEEP_RUNNING;
    }

    static String baseUrl(Environment env) {
        String address = env.getProperty("server.address", "localhost");
        if (address.equals("0.0.0.0") || address.equals("127.0.0.1")) {
            address = "localhost";
        }
        return "http://" + address + ":" + env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    }
}
