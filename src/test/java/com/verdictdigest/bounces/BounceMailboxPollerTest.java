package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.delivery.Deliveries;
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
        return poller(protocol, processedFolder, maxPerPoll, new BounceParser(Fixtures.DOMAIN)::parse, "10s");
    }

    BounceMailboxPoller poller(String protocol, String processedFolder, int maxPerPoll, BounceParsing parsing, String parseTimeout) {
        int port = protocol.equals("imap") ? greenMail.getImap().getPort() : greenMail.getPop3().getPort();
        BounceProperties props = Config.bind(BounceProperties.class, "enabled=true", "protocol=" + protocol, "host=127.0.0.1",
                "port=" + port, "user=bounces", "password=secret", "processed-folder=" + (processedFolder == null ? "" : processedFolder),
                "max-per-poll=" + maxPerPoll, "parse-timeout=" + parseTimeout);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        BounceRepository repository = new BounceRepository(jdbc);
        BounceProcessor processor = BounceProcessorTest.processor(parsing, ds, clock, props, new Deliveries(ds));
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
        BounceMailboxPoller poller = new BounceMailboxPoller(BounceProcessorTest.processor(ds, clock, wrong, new Deliveries(ds)),
                new BounceRepository(jdbc), wrong, clock);

        org.assertj.core.api.Assertions.assertThatThrownBy(poller::poll)
                .isInstanceOf(jakarta.mail.AuthenticationFailedException.class);
        poller.scheduledPoll(); // logs, never throws into the scheduler

        assertThat(inMailbox()).isEqualTo(1);
        assertThat(status(alice)).isEqualTo("confirmed");
    }

    /** A parser that hangs on messages with this subject until its thread is interrupted (as the time limit does). */
    static final String HANGS = "Subject: this one hangs the parser";

    static BounceParsing hangingOn(String marker, AtomicInteger calls, CountDownLatch entered) {
        BounceParser real = new BounceParser(Fixtures.DOMAIN);
        return raw -> {
            if (new String(raw, StandardCharsets.ISO_8859_1).contains(marker)) {
                calls.incrementAndGet();
                entered.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    throw new UnparseableMessageException("interrupted");
                }
            }
            return real.parse(raw);
        };
    }

    byte[] hangingMessage() {
        return new String(Fixtures.raw("gmail-452-4.2.2-over-quota.eml"), StandardCharsets.ISO_8859_1)
                .replaceFirst("(?m)^Subject:.*$", HANGS).getBytes(StandardCharsets.ISO_8859_1);
    }

    void deliverRaw(byte[] raw) throws Exception {
        mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
    }

    int messagesIn(String folderName) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), "bounces", "secret");
        try {
            Folder f = store.getFolder(folderName);
            if (!f.exists()) {
                return 0;
            }
            f.open(Folder.READ_ONLY);
            return f.getMessageCount();
        } finally {
            store.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"imap", "pop3"})
    void aMessageThatHangsTheParserIsSetAsideAndNeverReadAgain(String protocol) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        deliverRaw(hangingMessage());
        deliver("postfix-5.1.1-user-unknown.eml");
        BounceMailboxPoller poller = poller(protocol, null, 500, hangingOn(HANGS, calls, new CountDownLatch(1)), "300ms");

        assertThat(poller.poll()).isEqualTo(new BounceMailboxPoller.PollResult(1, 1, 0));

        assertThat(calls.get()).isEqualTo(1);
        assertThat(status(alice)).as("the next message was still read").isEqualTo("bounced");
        assertThat(inMailbox()).isEqualTo(protocol.equals("imap") ? 1 : 0);
        if (protocol.equals("imap")) {
            assertThat(messagesIn("Quarantine")).isEqualTo(1);
            assertThat(messagesIn("INBOX")).isZero();
        }
        assertThat(jdbc.sql("select why from quarantined_bounce").query(String.class).single())
                .isEqualTo("not parsed within 300ms (given up)");

        // The same message again (a lost move, a copy): after a restart it is set aside unread.
        deliverRaw(hangingMessage());
        BounceMailboxPoller restarted = poller(protocol, null, 500, hangingOn(HANGS, calls, new CountDownLatch(1)), "300ms");
        assertThat(restarted.poll()).isEqualTo(new BounceMailboxPoller.PollResult(0, 1, 0));
        assertThat(calls.get()).as("never parsed again").isEqualTo(1);
    }

    @Test
    void aMessageThatIsNoMailIsSetAsideToo() throws Exception {
        deliverRaw(Fixtures.raw("garbage-text.eml"));

        assertThat(poller("imap", null, 500).poll()).isEqualTo(new BounceMailboxPoller.PollResult(0, 1, 0));

        assertThat(messagesIn("Quarantine")).isEqualTo(1);
        assertThat(jdbc.sql("select why from quarantined_bounce").query(String.class).single()).isEqualTo("not a readable mail message");
    }

    @Test
    void theIssues40KbHostileBounceIsClassifiedWithinASecond() throws Exception {
        // Classes loaded and the scanner compiled first: the second is the parse's, not the JVM's start-up.
        new BounceParser(Fixtures.DOMAIN).parse(HostileBounces.EXIM_FAILED_THEN_BLANKS.message());
        deliverRaw(HostileBounces.EXIM_FAILED_AND_NEWLINES.message());

        // The parse limit is one second: set aside would mean it took longer.
        assertThat(poller("imap", null, 500, new BounceParser(Fixtures.DOMAIN)::parse, "1s").poll())
                .isEqualTo(new BounceMailboxPoller.PollResult(1, 0, 0));
        assertThat(jdbc.sql("select count(*) from quarantined_bounce").query(Long.class).single()).isZero();
    }

    @Test
    void aMailToTheUnsubscribeAddressInTheBounceMailboxUnsubscribes() throws Exception {
        long kai = BounceProcessorTest.insertSubscriber(jdbc, "kai@example.com", null);
        deliverRaw(unsubscribeMail(kai));

        assertThat(poller("imap", null, 500).poll()).isEqualTo(new BounceMailboxPoller.PollResult(1, 0, 0));

        assertThat(status(kai)).isEqualTo("unsubscribed");
        assertThat(inMailbox()).isZero();
    }

    @Test
    void anUnsubscribeMailboxOfItsOwnIsPolledToo() throws Exception {
        long kai = BounceProcessorTest.insertSubscriber(jdbc, "kai@example.com", null);
        greenMail.setUser("unsubscribe@verdicts.example.com", "unsubscribe", "secret2")
                .deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(unsubscribeMail(kai))));
        BounceProperties bounces = Config.bind(BounceProperties.class, "enabled=false", "protocol=imap");
        UnsubscribeMailboxProperties own = Config.bind(UnsubscribeMailboxProperties.class, "enabled=true", "protocol=imap",
                "host=127.0.0.1", "port=" + greenMail.getImap().getPort(), "user=unsubscribe", "password=secret2");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        BounceMailboxPoller poller = new BounceMailboxPoller(BounceProcessorTest.processor(ds, clock, bounces, new Deliveries(ds)),
                new BounceRepository(jdbc), bounces, own, clock);

        poller.scheduledPoll();

        assertThat(status(kai)).isEqualTo("unsubscribed");
        assertThat(inMailbox()).isZero();
    }

    static byte[] unsubscribeMail(long subscriberId) {
        return new String(Fixtures.raw("unsubscribe-by-mail.eml"), StandardCharsets.ISO_8859_1)
                .replace("Uns7bScr1b3Tok3nQaZwSx", com.verdictdigest.support.Identity.tokens().forSubscriber(subscriberId))
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
