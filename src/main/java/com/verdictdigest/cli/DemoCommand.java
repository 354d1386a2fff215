package com.verdictdigest.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.verdictdigest.system.DataDirectory;
import com.verdictdigest.system.DemoSeeder;
import com.verdictdigest.system.DevMailServer;
import com.verdictdigest.system.RunMode;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run everything embedded, with demo data, on localhost only:",
                "an H2 file database in the data directory (--data-dir, default ./data), a GreenMail SMTP + IMAP server on free local ports "
                        + "(the dev inbox), the web app, a demo catalog, demo subscribers and this week's digest.",
                "It is `serve` with embedded defaults: the same code, other settings."})
class DemoCommand implements Callable<Integer> {

    static final String EDITOR_USER = "editor";
    static final String EDITOR_PASSWORD = "editor-demo";
    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "admin-demo";

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port on localhost (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Override
    public Integer call() {
        if (port == 0) {
            port = DevMailServer.freePort(); // links in mail need the real port before the app starts
        }
        DevMailServer mail = DevMailServer.start();
        String apiKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        Map<String, Object> forced = new HashMap<>();
        // Always the embedded H2 file in the data directory (--data-dir), whatever the environment says.
        forced.put("spring.datasource.url", "jdbc:h2:file:${" + DataDirectory.PROPERTY + "}/verdict;AUTO_SERVER=TRUE;WRITE_DELAY=0");
        forced.put("spring.mail.host", "127.0.0.1");
        forced.put("spring.mail.port", mail.smtpPort());
        forced.put("server.address", "127.0.0.1");
        forced.put("server.port", port);
        forced.put(RunMode.KEY, RunMode.DEMO.value());
        forced.put("verdict.site.public-url", "http://localhost:" + port);
        forced.put("verdict.api.key", apiKey);
        forced.put("verdict.security.users[0].username", EDITOR_USER);
        forced.put("verdict.security.users[0].password", "{bcrypt}" + bcrypt.encode(EDITOR_PASSWORD));
        forced.put("verdict.security.users[0].roles", "EDITOR");
        forced.put("verdict.security.users[1].username", ADMIN_USER);
        forced.put("verdict.security.users[1].password", "{bcrypt}" + bcrypt.encode(ADMIN_PASSWORD));
        forced.put("verdict.security.users[1].roles", "ADMIN,EDITOR");
        // The dev mail server's bounce and unsubscribe mailboxes are polled like real ones, so the
        // List-Unsubscribe mailto the demo's mails offer works (DevMailServer.routeListAddresses).
        for (String[] box : new String[][] {{"bounces", "bounces"}, {"unsubscribe-mailbox", "unsubscribe"}}) {
            String key = "verdict.delivery." + box[0] + ".";
            String login = box[1] + "@${verdict.sender.domain}";
            forced.put(key + "enabled", "true");
            forced.put(key + "protocol", "imap");
            forced.put(key + "host", "127.0.0.1");
            forced.put(key + "port", mail.imapPort());
            forced.put(key + "user", login);
            forced.put(key + "password", login);
        }
        forced.put("verdict.delivery.bounces.poll-interval", "5s");
        forced.put("verdict.delivery.bounces.initial-delay", "2s");

        ConfigurableApplicationContext ctx;
        try {
            ctx = SpringCommand.boot(spec, WebApplicationType.SERVLET, Map.of(
                    "logging.level.root", "WARN", "spring.main.log-startup-info", "false"), forced, c -> {
                c.getBeanFactory().registerSingleton("devMailServer", mail);
                mail.routeListAddresses(c.getEnvironment().getProperty("verdict.sender.domain", "verdicts.example.com"));
                c.addApplicationListener(e -> {
                    if (e instanceof ContextClosedEvent) {
                        mail.close();
                    }
                });
            });
        } catch (RuntimeException e) {
            mail.close();
            throw e;
        }

        PrintWriter out = spec.commandLine().getOut();
        List<DemoSeeder> seeders = ctx.getBeanProvider(DemoSeeder.class).orderedStream().toList();
        for (DemoSeeder seeder : seeders) {
            out.println("  " + seeder.seed());
        }
        String base = ServeCommand.baseUrl(ctx.getEnvironment());
        out.println();
        out.println("Verdict Digest demo is running.");
        out.println("  Web app:          " + base + "/");
        for (DemoSeeder seeder : seeders) {
            for (String link : seeder.links(base)) {
                out.println("  " + link);
            }
        }
        out.println("  Editor login:     " + EDITOR_USER + " / " + EDITOR_PASSWORD
                + "   Admin login: " + ADMIN_USER + " / " + ADMIN_PASSWORD);
        out.println("  Dev mail server:  SMTP 127.0.0.1:" + mail.smtpPort() + ", IMAP 127.0.0.1:" + mail.imapPort()
                + " (any user name, password = user name)");
        String domain = ctx.getEnvironment().getProperty("verdict.sender.domain");
        out.println("  Polled mailboxes: bounces@" + domain + " (bounces+TOKEN@) and unsubscribe@" + domain
                + " (unsubscribe+TOKEN@, the List-Unsubscribe mailto), every 5 s");
        out.println("  API key:          " + apiKey + "   (POST " + base + "/api/comparisons)");
        String dataDir = ctx.getBean(DataDirectory.class).root().toString();
        out.println("  Data directory:   " + dataDir);
        out.println("  CLI on this data: java -jar target/verdict-digest.jar --data-dir " + dataDir + " digest list");
        out.println("Stop with Ctrl+C.");
        out.flush();
        return VerdictCli.KEEP_RUNNING;
    }
}
