package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.subscribers.SubscriberRepository.NewSubscriber;
import com.verdictdigest.support.Config;
import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SiteProperties;
import freemarker.cache.ClassTemplateLoader;
import freemarker.template.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The admin side's services wired by hand over a fresh database and a real SMTP server. */
final class AdminFixture {

    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    final DataSource ds;
    final JdbcClient jdbc;
    final Clock clock;
    final SubscriberRepository repository;
    final Suppressions suppressions;
    final OptInMailer mailer;
    final DataSourceTransactionManager tx;

    AdminFixture(TestDatabase db, int smtpPort) {
        this(db, smtpPort, Config.defaults(SubscriberAdminProperties.class));
    }

    AdminFixture(TestDatabase db, int smtpPort, SubscriberAdminProperties properties) {
        ds = db.fresh();
        jdbc = JdbcClient.create(ds);
        clock = Clock.fixed(NOW, ZoneOffset.UTC);
        repository = new SubscriberRepository(ds, com.verdictdigest.support.Identity.tokens());
        suppressions = new Suppressions(repository, clock);
        tx = new DataSourceTransactionManager(ds);
        SiteProperties site = Config.bind(SiteProperties.class, "public-url=https://list.example.com",
                "postal-address=Verdict Digest, 1 Example Street, Berlin");
        SenderProperties sender = Config.bind(SenderProperties.class, "domain=verdicts.example.com");
        SubscriberMailer subscriberMailer = SubscriberMailerTest.mailer(site, sender,
                new com.verdictdigest.mail.DkimSigning(Config.defaults(com.verdictdigest.mail.DkimProperties.class), sender), smtpPort);
        ConfirmationMail confirmations = new ConfirmationMail(repository, subscriberMailer,
                Config.defaults(SubscribersProperties.class));
        mailer = new OptInMailer(repository, tx, confirmations, clock);
        this.properties = properties;
    }

    private final SubscriberAdminProperties properties;

    /** The catalog's categories as the import sees them. */
    static final java.util.List<String> CATEGORIES = java.util.List.of("Coding Assistants", "Developer Tools", "Image Generation");

    SubscriberImport importer() {
        return new SubscriberImport(repository, mailer, tx, properties, new Categories(() -> CATEGORIES), clock);
    }

    Erasure erasure() {
        return new Erasure(repository, suppressions, event -> { }, new PersonalDataFiles(properties.exportDir(),
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "verdict-imports")), tx);
    }

    long add(String address, SubscriberStatus status, Instant at) {
        EmailAddress e = EmailAddress.parse(address);
        return repository.insertWithEvent(new NewSubscriber(e.address(), e.key(), null, status, null,
                at, status == SubscriberStatus.CONFIRMED ? at : null, "signup", "test", null, null));
    }

    String status(String address) {
        return jdbc.sql("select status from subscriber where email_key = :k").param("k", EmailAddress.parse(address).key())
                .query(String.class).optional().orElse("(none)");
    }

    long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
