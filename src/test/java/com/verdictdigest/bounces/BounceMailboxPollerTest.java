package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;

import javax.sql.DataSource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.support.Config;
import com.verdictdigest.support.TestDatabase;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;

/** The poller against a real IMAP and POP3 server (GreenMail): every bounce acted on once, then gone. */
class BounceMailboxPollerTest {

    static final Instant NOW = Instant.parse("2026-11-16T10:00:00Z");

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup[] {
            ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.POP3.dynamicPort()});

    GreenMailUser mailbox;
    JdbcClient jdbc;
    DataSource ds;
    long alice;
    long ivan;
    long mia;

    @BeforeEach
    void setUp() {
        mailbox = greenMail.setUser("bounces@verdicts.example.com", "bounces", "secret");
        ds = TestDatabase.H2.fresh();
        jdbc = JdbcClient.create(ds);
        alice = BounceProcessorTest.insertSubscriber(jdbc, "alice@example.org", "q7Hk2LmN9pR4sT1vW8xYzA");
        ivan = BounceProcessorTest.insertSubscriber(jdbc, "ivan.full@gmail.com", "Iv4nFullMb0xTok3nQrStU");
        mia = BounceProcessorTest.insertSubscriber(jdbc, "mia@yahoo.com", "M1aArfTok3nLkJhGfDsA_q");
    }

    BounceMailboxPoller poller(String protocol, String processedFolder, int maxPerPoll) {
        int port = protocol.equals("imap") ? greenMail.getImap().getPort() : greenMail.getPop3().getPort();
        BounceProperties props = Config.bind(BounceProperties.class, "enabled=true", "protocol=" + protocol, "host=127.0.0.1",
                "port=" + port, "user=bounces", "password=secret", "processed-folder=" + (processedFolder == null ? "" : processedFolder),
                "max-per-poll=" + maxPerPoll);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        BounceRepository repository = new BounceRepository(jdbc);
        BounceProcessor processor = new BounceProcessor(repository, BounceProcessorTest.subscribers(ds, clock),
                new JdbcTransactionManager(ds), clock, Config.bind(com.verdictdigest.system.SenderProperties.class, "domain=" + Fixtures.DOMAIN), props);
        return new BounceMailboxPoller(processor, repository, props, clock);
    }

    void deliver(String fixture) throws Exception {
        mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(Fixtures.raw(fixture))));
    }

    int inMailbox() {
        return greenMail.getReceivedMessages().length;
    }

    String status(long id) {
        return jdbc.sql("select status from subscriber where id = :id").param("id", id).query(String.class).single();
    }

    int softBounces(long id) {
        return jdbc.sql("select soft_bounces from subscriber where id = :id").param("id", id).query(Integer.class).single();
    }

    long events() {
        return jdbc.sql("select count(*) from subscriber_event").query(Long.class).single();
    }

    @ParameterizedTest
    @ValueSource(strings = {"imap", "pop3"})
    void everyBounceIsProcessedOnceAndLeavesTheMailbox(String protocol) throws Exception {
        deliver("postfix-5.1.1-user-unknown.eml");
        deliver("gmail-452-4.2.2-over-quota.eml");
        deliver("arf-yahoo-complaint.eml");
        deliver("out-of-office-autoreply.eml");
        BounceMailboxPoller poller = poller(protocol, null, 500);

        assertThat(poller.poll()).isEqualTo(new BounceMailboxPoller.PollResult(4, 0, 0));

        assertThat(inMailbox()).isZero();
        assertThat(status(alice)).isEqualTo("bounced");
        assertThat(status(mia)).isEqualTo("complained");
        assertThat(status(ivan)).isEqualTo("confirmed");
        assertThat(softBounces(ivan)).isEqualTo(1);
        long eventsAfterFirstPoll = events();

        assertThat(poller.poll()).isEqualTo(new BounceMailboxPoller.PollResult(0, 0, 0));
        // The same bounce again, as if its deletion had been lost in a crash: recognised, not counted.
        deliver("gmail-452-4.2.2-over-quota.eml");
        assertThat(poller.poll()).isEqualTo(new BounceMailboxPoller.PollResult(1, 0, 0));

        assertThat(inMailbox()).isZero();
        assertThat(softBounces(ivan)).isEqualTo(1);
        assertThat(events()).isEqualTo(eventsAfterFirstPoll);
    }

    @Test
    void imapMovesProcessedMessagesToAFolderInBoundedBatches() throws Exception {
        deliver("postfix-5.1.1-user-unknown.eml");
        deliver("gmail-452-4.2.2-over-quota.eml");
        deliver("arf-yahoo-complaint.eml");
        BounceMailboxPoller poller = poller("imap", "Processed", 2);

        assertThat(poller.poll()).isEqualTo(new BounceMailboxPoller.PollResult(2, 0, 1));
        assertThat(poller.poll()).isEqualTo(new BounceMailboxPoller.PollResult(1, 0, 0));

        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), "bounces", "secret");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Folder processed = store.getFolder("Processed");
            processed.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isZero();
            assertThat(processed.getMessageCount()).isEqualTo(3);
            assertThat(processed.getMessage(1).getSubject()).isEqualTo("Undelivered Mail Returned to Sender");
        } finally {
            store.close();
        }
        assertThat(status(alice)).isEqualTo("bounced");
        assertThat(status(mia)).isEqualTo("complained");
    }

    @Test
    void aWrongPasswordFailsThePollAndLeavesTheMailAlone() throws Exception {
        deliver("postfix-5.1.1-user-unknown.eml");
        int port = greenMail.getImap().getPort();
        BounceProperties wrong = Config.bind(BounceProperties.class, "enabled=true", "protocol=imap", "host=127.0.0.1",
                "port=" + port, "user=bounces", "password=not-the-password");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        BounceRepository repository = new BounceRepository(jdbc);
        BounceMailboxPoller poller = new BounceMailboxPoller(new BounceProcessor(repository,
                BounceProcessorTest.subscribers(ds, clock), new JdbcTransactionManager(ds), clock,
                Config.bind(com.verdictdigest.system.SenderProperties.class, "domain=" + Fixtures.DOMAIN), wrong), repository, wrong, clock);

        org.assertj.core.api.Assertions.assertThatThrownBy(poller::poll)
                .isInstanceOf(jakarta.mail.AuthenticationFailedException.class);
        poller.scheduledPoll(); // logs, never throws into the scheduler

        assertThat(inMailbox()).isEqualTo(1);
        assertThat(status(alice)).isEqualTo("confirmed");
    }
}
