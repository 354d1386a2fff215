package com.verdictdigest.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.verdictdigest.mail.DkimProperties;
import com.verdictdigest.mail.DkimSigning;
import com.verdictdigest.mail.MessageBuilder;
import com.verdictdigest.mail.PersonalMail;
import com.verdictdigest.mail.SmtpChannel;
import com.verdictdigest.mail.SmtpServerSettings;
import com.verdictdigest.subscribers.ReaderTimeZones;
import com.verdictdigest.subscribers.SubscriberRepository;
import com.verdictdigest.subscribers.Suppressions;
import com.verdictdigest.support.Config;
import com.verdictdigest.support.Identity;
import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SiteProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The delivery feature assembled by hand on a data source, for tests and the crash child JVM. */
final class Engines {

    static final SenderProperties SENDER = Identity.SENDER;
    static final SiteProperties SITE = Identity.SITE;

    final DeliveryRepository repo;
    final SendEngine engine;
    final SendService service;
    final SendFeedback feedback;
    final SendGuard guard;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** What the send announced, in order. */
    final List<SendEvent> events = new CopyOnWriteArrayList<>();

    /** The engine's settings and its DKIM key. */
    record Props(DeliveryProperties delivery, DkimProperties dkim) {
    }

    Engines(DataSource ds, Props settings, int smtpPort, IssueContent content) {
        this(ds, settings, smtpPort, content, Config.defaults(SendGuardProperties.class), Clock.systemUTC());
    }

    /** With a clock of the test's (a {@code MutableClock}, or one set to a moment before some zone's 08:00). */
    Engines(DataSource ds, Props settings, int smtpPort, IssueContent content, Clock clock) {
        this(ds, settings, smtpPort, content, Config.defaults(SendGuardProperties.class), clock);
    }

    Engines(DataSource ds, Props settings, int smtpPort, IssueContent content, SendGuardProperties guardProps) {
        this(ds, settings, smtpPort, content, guardProps, Clock.systemUTC());
    }

    Engines(DataSource ds, Props settings, int smtpPort, IssueContent content, SendGuardProperties guardProps, Clock clock) {
        DeliveryProperties props = settings.delivery();
        JdbcClient jdbc = JdbcClient.create(ds);
        repo = new DeliveryRepository(jdbc, ds, Identity.tokens());
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("content", content));
        SendStates states = new SendStates(repo, new DataSourceTransactionManager(ds), event -> events.add((SendEvent) event), clock);
        DkimSigning dkim = new DkimSigning(settings.dkim(), SENDER);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
        guard = new SendGuard(repo, states, guardProps);
        feedback = new SendFeedback(repo, guard, transactions);
        engine = new SendEngine(repo, states, Identity.messageBuilder(SENDER, SITE, clock, dkim), dkim, props,
                new SmtpServerSettings(new SmtpChannel.Server("127.0.0.1", smtpPort, null, null, null)),
                new Suppressions(new SubscriberRepository(ds, Identity.tokens()), clock), beans.getBeanProvider(IssueContent.class),
                new DeliveryMetrics(meters), feedback, guard, clock);
        service = new SendService(repo, engine, states, new SendProgresses(repo, clock),
                new ReaderTimeZones(java.time.ZoneId.of("UTC")), props, clock);
    }

    static Props props(int connections, int maxAttempts, Duration backoff, Duration lease,
                       double maxPerSecond, DkimProperties dkim) {
        return props(connections, 10, maxAttempts, backoff, lease, maxPerSecond, dkim);
    }

    static Props props(int connections, int batchSize, int maxAttempts, Duration backoff, Duration lease,
                       double maxPerSecond, DkimProperties dkim) {
        return new Props(new DeliveryProperties(connections, maxPerSecond, batchSize, lease, maxAttempts, backoff,
                backoff.multipliedBy(8), 3, Duration.ofMillis(200), false, ""), dkim == null ? Config.defaults(DkimProperties.class) : dkim);
    }

    /** A stand-in for the digest: personal subject and footer, a body of about {@code bytes} bytes. */
    static IssueContent content(int bytes) {
        String filler = "Codestral 2.1 ships, Mixtral waits: the panel's verdict and why. ".repeat(Math.max(1, bytes / 2 / 66));
        return (issue, r) -> new PersonalMail("Issue " + issue + ": this week's verdicts",
                "<html><body><p>Hello " + (r.name() == null ? "there" : r.name()) + ",</p><p>" + filler
                        + "</p><p><a href=\"https://app.verdicts.example.com/unsubscribe/" + r.token() + "\">Unsubscribe</a></p></body></html>",
                "Hello " + (r.name() == null ? "there" : r.name()) + ",\n\n" + filler + "\n\nUnsubscribe: https://app.verdicts.example.com/unsubscribe/"
                        + r.token() + "\n");
    }
}
