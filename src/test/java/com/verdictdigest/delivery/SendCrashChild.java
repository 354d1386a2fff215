package com.verdictdigest.delivery;

import java.time.Duration;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The sender of {@link SendCrashIT}, run in its own JVM so it can be killed with SIGKILL:
 * starts (or resumes) issue ARGS[2] against the database at ARGS[0] and the SMTP port ARGS[1].
 */
public final class SendCrashChild {

    static final int CONNECTIONS = 4;
    static final Duration LEASE = Duration.ofSeconds(2);

    public static void main(String[] args) throws Exception {
        com.verdictdigest.system.EmbeddedH2.bindToLoopback(); // the shipped URL has AUTO_SERVER
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(args[0]);
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(CONNECTIONS + 4);
        Engines e = new Engines(ds, Engines.props(CONNECTIONS, 5, Duration.ofMillis(200), LEASE, 200, null),
                Integer.parseInt(args[1]), Engines.content(20_000));
        long issue = Long.parseLong(args[2]);
        e.service.start(issue);
        System.out.println("sending issue " + issue);
        System.out.println("ended " + e.engine.run(issue, null));
        System.out.println(e.service.progress(issue).orElseThrow().summary());
    }
}
