package com.verdictdigest.delivery;

import java.time.Clock;
import java.time.Duration;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender of {@link LocalTimeSendCrashIT}, in its own JVM so it can be killed with SIGKILL:
 * works on the local-time send of issue ARGS[2] (started by the test) against the database at
 * ARGS[0] and the SMTP port ARGS[1], with the test's clock: the wall clock shifted by ARGS[3]
 * milliseconds, so that 08:00 comes in the readers' zones seconds apart. It logs when it waits
 * for a wave, which the test reads.
 */
public final class LocalTimeCrashChild {

    static final int CONNECTIONS = 4;

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(SendEngine.class)).setLevel(Level.INFO);
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(args[0]);
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(CONNECTIONS + 4);
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofMillis(Long.parseLong(args[3])));
        Engines e = new Engines(ds, Engines.props(CONNECTIONS, 20, 5, Duration.ofMillis(200), Duration.ofSeconds(2), 0, null),
                Integer.parseInt(args[1]), Engines.content(5_000), clock);
        long issue = Long.parseLong(args[2]);
        System.out.println("sending issue " + issue);
        System.out.println("ended " + e.engine.run(issue, null));
        System.out.println(e.service.progress(issue).orElseThrow().summary());
    }
}
