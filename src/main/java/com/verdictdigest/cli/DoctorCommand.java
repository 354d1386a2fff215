package com.verdictdigest.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.RSAPublicKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.naming.CommunicationException;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.ServiceUnavailableException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;
import javax.net.ssl.SSLSocketFactory;

import com.verdictdigest.bounces.BounceMailbox;
import com.verdictdigest.bounces.UnsubscribeMailboxProperties;
import com.verdictdigest.bounces.BounceProperties;
import com.verdictdigest.mail.DkimKeys;
import com.verdictdigest.mail.DkimProperties;
import com.verdictdigest.system.DatabaseMigrations;
import com.verdictdigest.system.EmbeddedH2;
import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SiteProperties;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Checks a configuration without starting the application: each check prints ok, fail or skip
 * with a hint, and the exit code is 1 if any failed. Every network check is time-limited.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check this configuration without starting anything: the identity serve needs, the public URL, "
                + "the SMTP server and its EHLO extensions, the DKIM key (and its DNS record when DNS answers), "
                + "the bounce (and unsubscribe) mailbox and its login, the database and its migrations.",
                "Prints ok/fail/skip per check with a hint; exit code 1 if any check failed."})
class DoctorCommand implements Callable<Integer> {

    enum Status { OK, FAIL, SKIP }

    record Check(String name, Status status, String detail, String hint) {
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--timeout", defaultValue = "5", paramLabel = "SECONDS",
            description = "Time limit of each network check (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--dns", paramLabel = "HOST[:PORT]",
            description = "The DNS server to ask for the DKIM record (default: the system's).")
    String dns;

    @Override
    public Integer call() {
        Environment env = SpringCommand.environment(spec, Map.of());
        Binder binder = Binder.get(env);
        List<Check> checks = new ArrayList<>();
        for (ServeReadiness.Missing m : ServeReadiness.check(env)) {
            checks.add(new Check("config " + m.key(), Status.FAIL, m.why(), "serve refuses to start until it is set"));
        }
        if (checks.isEmpty()) {
            checks.add(new Check("config identity", Status.OK, "public URL, sender domain, postal address and a staff user are set", null));
        }
        SiteProperties site = binder.bindOrCreate("verdict.site", Bindable.of(SiteProperties.class));
        checks.add(publicUrl(site));
        checks.add(smtp(env));
        SenderProperties sender = binder.bindOrCreate("verdict.sender", Bindable.of(SenderProperties.class));
        checks.addAll(dkim(binder.bindOrCreate("verdict.delivery.dkim", Bindable.of(DkimProperties.class)), sender));
        BounceProperties bounces = binder.bindOrCreate("verdict.delivery.bounces", Bindable.of(BounceProperties.class));
        checks.add(bounceMailbox(bounces));
        checks.add(unsubscribeMailbox(binder.bindOrCreate("verdict.delivery.unsubscribe-mailbox",
                Bindable.of(UnsubscribeMailboxProperties.class)), bounces));
        checks.add(database(env));

        PrintWriter out = spec.commandLine().getOut();
        for (Check c : checks) {
            out.printf("%-4s %-28s %s%n", c.status().name().toLowerCase(Locale.ROOT), c.name(), c.detail());
            if (c.hint() != null) {
                out.printf("     %-28s hint: %s%n", "", c.hint());
            }
        }
        long failed = checks.stream().filter(c -> c.status() == Status.FAIL).count();
        out.println(failed == 0 ? "All checks passed (or were skipped)." : failed + " check(s) failed.");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    static Check publicUrl(SiteProperties site) {
        String url = site.publicUrl();
        if (url.startsWith("https://")) {
            return new Check("public URL", Status.OK, url, null);
        }
        return new Check("public URL", Status.FAIL, url + " is not https",
                "links in mail carry subscriber tokens: serve the app over TLS (README: proxies) and set verdict.site.public-url to https://...");
    }

    Check smtp(Environment env) {
        String host = env.getProperty("spring.mail.host", "localhost");
        int port = env.getProperty("spring.mail.port", Integer.class, 25);
        boolean ssl = env.getProperty("spring.mail.properties.mail.smtp.ssl.enable", Boolean.class, false);
        String where = host + ":" + port;
        int ms = timeoutSeconds * 1000;
        try (Socket socket = ssl ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(host, port), ms);
            socket.setSoTimeout(ms);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream o = socket.getOutputStream();
            List<String> greeting = reply(in);
            if (!greeting.get(greeting.size() - 1).startsWith("220")) {
                return new Check("SMTP " + where, Status.FAIL, "greeting: " + greeting.get(0), "is this an SMTP server?");
            }
            o.write("EHLO verdict-doctor\r\n".getBytes(StandardCharsets.US_ASCII));
            o.flush();
            List<String> ehlo = reply(in);
            o.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            o.flush();
            if (!ehlo.get(0).startsWith("250")) {
                return new Check("SMTP " + where, Status.FAIL, "EHLO refused: " + ehlo.get(0), "the relay must speak ESMTP");
            }
            List<String> extensions = ehlo.stream().skip(1).map(l -> l.substring(Math.min(4, l.length())).strip()).toList();
            List<String> names = extensions.stream().map(e -> e.split(" ")[0].toUpperCase(Locale.ROOT)).toList();
            List<String> advice = new ArrayList<>();
            if (!names.contains("PIPELINING")) {
                advice.add("no PIPELINING: each envelope costs round trips, sends are slower");
            }
            if (!ssl && !names.contains("STARTTLS") && !isLocal(host)) {
                advice.add("no STARTTLS on a remote relay: mail and password travel in clear");
            }
            return new Check("SMTP " + where, Status.OK, "EHLO: " + String.join(", ", extensions),
                    advice.isEmpty() ? null : String.join("; ", advice));
        } catch (IOException e) {
            return new Check("SMTP " + where, Status.FAIL, "unreachable: " + e.getMessage(),
                    "check spring.mail.host and spring.mail.port (25, 587 or 465 with mail.smtp.ssl.enable)");
        }
    }

    private static List<String> reply(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-' || lines.size() > 100) {
                return lines;
            }
        }
        if (lines.isEmpty()) {
            throw new IOException("the server closed the connection");
        }
        return lines;
    }

    private static boolean isLocal(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    List<Check> dkim(DkimProperties dkim, SenderProperties sender) {
        if (!dkim.enabled()) {
            return List.of(new Check("DKIM", Status.SKIP, "signing is off",
                    "mailbox providers expect DKIM: `dkim keygen`, publish the record, set verdict.delivery.dkim.enabled"));
        }
        if (dkim.keyFile() == null || !Files.isRegularFile(dkim.keyFile())) {
            return List.of(new Check("DKIM key", Status.FAIL, "no key file at " + dkim.keyFile(),
                    "set verdict.delivery.dkim.key-file (make one with `dkim keygen`)"));
        }
        RSAPrivateKey key;
        try {
            key = DkimKeys.readPrivateKey(dkim.keyFile());
        } catch (IllegalArgumentException e) {
            return List.of(new Check("DKIM key", Status.FAIL, e.getMessage(), "make a 2048-bit key with `dkim keygen`"));
        }
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("DKIM key", Status.OK, dkim.keyFile() + ": RSA " + key.getModulus().bitLength() + " bits", null));
        String domain = dkim.domain().isBlank() ? sender.domain() : dkim.domain();
        String name = dkim.selector() + "._domainkey." + domain;
        String published;
        try {
            published = txt(name);
        } catch (NameNotFoundException e) {
            checks.add(new Check("DKIM DNS " + name, Status.FAIL, "no such record",
                    "publish the TXT record `dkim keygen` printed for this key"));
            return checks;
        } catch (CommunicationException | ServiceUnavailableException e) {
            checks.add(new Check("DKIM DNS " + name, Status.SKIP, "DNS unreachable (" + e.getMessage() + ")", null));
            return checks;
        } catch (NamingException e) {
            checks.add(new Check("DKIM DNS " + name, Status.SKIP, "DNS unreachable (" + e.getExplanation() + ")", null));
            return checks;
        }
        String p = tag(published, "p");
        String mine = publicKeyBase64(key);
        if (p == null) {
            checks.add(new Check("DKIM DNS " + name, Status.FAIL, "the record has no p= tag: " + published, "publish the record `dkim keygen` printed"));
        } else if (mine != null && !mine.equals(p)) {
            checks.add(new Check("DKIM DNS " + name, Status.FAIL, "the published key is not this key's",
                    "publish the record for " + dkim.keyFile() + " or point key-file at the published key's private half"));
        } else {
            checks.add(new Check("DKIM DNS " + name, Status.OK, "the published key matches", null));
        }
        return checks;
    }

    private String txt(String name) throws NamingException {
        Hashtable<String, String> jndi = new Hashtable<>();
        jndi.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        jndi.put("java.naming.provider.url", dns == null ? "dns:" : "dns://" + dns);
        jndi.put("com.sun.jndi.dns.timeout.initial", Integer.toString(Math.max(200, timeoutSeconds * 1000 / 3)));
        jndi.put("com.sun.jndi.dns.timeout.retries", "2");
        InitialDirContext ctx = new InitialDirContext(jndi);
        try {
            Attribute txt = ctx.getAttributes(name, new String[] {"TXT"}).get("TXT");
            if (txt == null) {
                throw new NameNotFoundException(name + " has no TXT record");
            }
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < txt.size(); i++) {
                // A long record comes as several quoted strings: the value is their concatenation.
                all.append(String.valueOf(txt.get(i)).replace("\" \"", "").replace("\"", ""));
            }
            return all.toString();
        } finally {
            ctx.close();
        }
    }

    static String tag(String record, String tag) {
        for (String part : record.split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2 && kv[0].strip().equals(tag)) {
                return kv[1].replaceAll("\\s", "");
            }
        }
        return null;
    }

    static String publicKeyBase64(RSAPrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            return null;
        }
        try {
            BigInteger e = crt.getPublicExponent();
            return Base64.getEncoder().encodeToString(KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), e)).getEncoded());
        } catch (java.security.GeneralSecurityException ex) {
            return null;
        }
    }

    Check bounceMailbox(BounceProperties bounces) {
        if (!bounces.enabled()) {
            return new Check("bounce mailbox", Status.SKIP, "polling is off",
                    "without it bounces and complaints are not acted on: set verdict.delivery.bounces.*");
        }
        return login("bounce mailbox", "verdict.delivery.bounces", bounces.protocol(), bounces.host(), bounces.port(),
                bounces.user(), bounces.password(), bounces.timeout());
    }

    /** The List-Unsubscribe mailto is honoured only if the mailbox its mail reaches can be read. */
    Check unsubscribeMailbox(UnsubscribeMailboxProperties box, BounceProperties bounces) {
        if (!box.enabled()) {
            return new Check("unsubscribe mailbox", Status.SKIP, bounces.enabled()
                    ? "none of its own: mail to unsubscribe+TOKEN@ is read from the bounce mailbox"
                    : "none, and no bounce mailbox: the List-Unsubscribe mailto is not offered", null);
        }
        return login("unsubscribe mailbox", "verdict.delivery.unsubscribe-mailbox", box.protocol(), box.host(), box.port(),
                box.user(), box.password(), bounces.timeout());
    }

    private Check login(String name, String prefix, String protocol, String host, Integer port, String user, String password,
                        java.time.Duration timeout) {
        String where = name + " " + protocol + "://" + host + (port == null ? "" : ":" + port);
        java.time.Duration limit = java.time.Duration.ofSeconds(Math.min(timeout.toSeconds(), timeoutSeconds));
        try (Store store = BounceMailbox.connect(protocol, host, port, user, password, limit)) {
            return new Check(where, Status.OK, "login accepted for " + user, null);
        } catch (AuthenticationFailedException e) {
            return new Check(where, Status.FAIL, "login refused for " + user + ": " + e.getMessage(),
                    "check " + prefix + ".user and password");
        } catch (MessagingException e) {
            return new Check(where, Status.FAIL, "unreachable: " + e.getMessage(),
                    "check " + prefix + ".host, port and protocol");
        }
    }

    static Check database(Environment env) {
        String url = env.getProperty("spring.datasource.url", "");
        String shown = url.replaceAll("(?i)(password=)[^;&]*", "$1***");
        // An H2 file that does not exist yet must not be created by a check.
        String probe = url.startsWith("jdbc:h2:file:") && !url.toUpperCase(Locale.ROOT).contains("IFEXISTS") ? url + ";IFEXISTS=TRUE" : url;
        DriverManager.setLoginTimeout(10);
        String password = env.getProperty("spring.datasource.password", "");
        if (password.isEmpty()) {
            password = EmbeddedH2.generatedPassword(url).orElse("");
        }
        try (Connection c = DriverManager.getConnection(probe, env.getProperty("spring.datasource.username", "sa"), password)) {
            SingleConnectionDataSource ds = new SingleConnectionDataSource(c, true);
            MigrationInfoService info = DatabaseMigrations.configure(Flyway.configure().dataSource(ds)).load().info();
            MigrationInfo current = info.current();
            int pending = info.pending().length;
            if (current == null) {
                return new Check("database", Status.FAIL, shown + ": reachable, not migrated", "serve migrates it when it starts");
            }
            if (pending > 0) {
                return new Check("database", Status.FAIL, shown + ": at version " + current.getVersion() + ", " + pending
                        + " migration(s) pending", "serve migrates it when it starts (stop older instances first)");
            }
            return new Check("database", Status.OK, shown + ": migrated, version " + current.getVersion(), null);
        } catch (SQLException e) {
            return new Check("database", Status.FAIL, shown + ": " + e.getMessage().lines().findFirst().orElse(""),
                    "check spring.datasource.url, username and password (an H2 database is created by serve's first start)");
        } catch (RuntimeException e) {
            return new Check("database", Status.FAIL, shown + ": " + e.getMessage(), "check spring.datasource.*");
        }
    }

}
