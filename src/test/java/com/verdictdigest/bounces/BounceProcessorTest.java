package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.subscribers.Suppressions;
import com.verdictdigest.support.Config;
import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SqlTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;

/** What a bounce does to the subscriber it names, on H2 and on PostgreSQL. */
class BounceProcessorTest {

    static final Instant NOW = Instant.parse("2026-11-16T10:00:00Z");

    JdbcClient jdbc;
    BounceProcessor processor;
    DataSource ds;

    void open(TestDatabase db) {
        ds = db.fresh();
        jdbc = JdbcClient.create(ds);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        processor = processor(jdbc, ds, clock);
    }

    static BounceProcessor processor(JdbcClient jdbc, DataSource ds, Clock clock) {
        return new BounceProcessor(new BounceRepository(jdbc), subscribers(ds, clock), new JdbcTransactionManager(ds),
                clock, Config.bind(SenderProperties.class, "domain=" + Fixtures.DOMAIN), Config.defaults(BounceProperties.class));
    }

    /** The subscribers module's API for bounces, on this database. */
    static com.verdictdigest.subscribers.SubscriberBounces subscribers(DataSource ds, Clock clock) {
        com.verdictdigest.subscribers.SubscriberRepository repository = new com.verdictdigest.subscribers.SubscriberRepository(ds);
        return new com.verdictdigest.subscribers.SubscriberBounces(repository, new Suppressions(repository, clock), clock);
    }

    static long insertSubscriber(JdbcClient jdbc, String email, String token) {
        EmailAddress address = EmailAddress.parse(email);
        jdbc.sql("""
                insert into subscriber (email, email_key, status, token, created_at, updated_at, confirmed_at)
                values (:email, :key, 'confirmed', :token, :t, :t, :t)""")
                .param("email", address.address()).param("key", address.key()).param("token", token)
                .param("t", SqlTime.ts(NOW.minusSeconds(86400)))
                .update();
        return jdbc.sql("select id from subscriber where email_key = :key").param("key", address.key())
                .query(Long.class).single();
    }

    String status(long id) {
        return jdbc.sql("select status from subscriber where id = :id").param("id", id).query(String.class).single();
    }

    int softBounces(long id) {
        return jdbc.sql("select soft_bounces from subscriber where id = :id").param("id", id).query(Integer.class).single();
    }

    boolean suppressed(String email) {
        return jdbc.sql("select count(*) from suppression where email_hash = :h")
                .param("h", EmailAddress.parse(email).hash()).query(Long.class).single() > 0;
    }

    List<String> events(long id) {
        return jdbc.sql("select kind from subscriber_event where subscriber_id = :id order by id")
                .param("id", id).query(String.class).list();
    }

    @StoreTest
    void aHardBounceSuppressesTheAddressAtOnce(TestDatabase db) throws Exception {
        open(db);
        long alice = insertSubscriber(jdbc, "alice@example.org", "q7Hk2LmN9pR4sT1vW8xYzA");

        BounceProcessor.Outcome o = processor.process(Fixtures.raw("postfix-5.1.1-user-unknown.eml"), false);

        assertThat(o.action()).isEqualTo("suppressed");
        assertThat(o.subscriberId()).isEqualTo(alice);
        assertThat(status(alice)).isEqualTo("bounced");
        assertThat(suppressed("alice@example.org")).isTrue();
        assertThat(jdbc.sql("select reason from suppression").query(String.class).single()).isEqualTo("hard-bounce");
        assertThat(events(alice)).containsExactly("bounce:hard", "suppress:hard-bounce");
        assertThat(jdbc.sql("select detail from subscriber_event where kind = 'bounce:hard'").query(String.class).single())
                .startsWith("hard 5.1.1 user unknown: 550 5.1.1").contains("User unknown in virtual mailbox table");
    }

    @StoreTest
    void aPolicyBlockIsSoftAndSuppressesNobody(TestDatabase db) throws Exception {
        open(db);
        long grace = insertSubscriber(jdbc, "grace@fabrikam.example", "Gr4ceTok9QwErTyUiOpAsD");
        long judy = insertSubscriber(jdbc, "judy@yahoo.com", "JudyY4h00P0l1cyTok3nAb");

        BounceProcessor.Outcome microsoft = processor.process(Fixtures.raw("office365-5.7.606-banned-ip.eml"), false);
        BounceProcessor.Outcome yahoo = processor.process(Fixtures.raw("yahoo-554-5.7.9-policy.eml"), false);

        assertThat(microsoft.action()).isEqualTo("soft count 1/3");
        assertThat(yahoo.action()).isEqualTo("soft count 1/3");
        assertThat(status(grace)).isEqualTo("confirmed");
        assertThat(status(judy)).isEqualTo("confirmed");
        assertThat(suppressed("grace@fabrikam.example")).isFalse();
        assertThat(suppressed("judy@yahoo.com")).isFalse();
        assertThat(events(grace)).containsExactly("bounce:soft");
    }

    @StoreTest
    void threeSoftBouncesInARowSuppress(TestDatabase db) throws Exception {
        open(db);
        long ivan = insertSubscriber(jdbc, "ivan.full@gmail.com", "Iv4nFullMb0xTok3nQrStU");

        List<String> actions = new java.util.ArrayList<>();
        for (int week = 1; week <= 3; week++) {
            actions.add(processor.process(Fixtures.withMessageId("gmail-452-4.2.2-over-quota.eml", "week" + week + "@mail"), false).action());
            if (week < 3) {
                assertThat(status(ivan)).isEqualTo("confirmed");
            }
        }

        assertThat(actions).containsExactly("soft count 1/3", "soft count 2/3", "suppressed (soft count 3/3)");
        assertThat(status(ivan)).isEqualTo("bounced");
        assertThat(jdbc.sql("select reason from suppression").query(String.class).single()).isEqualTo("soft-bounces");
        assertThat(events(ivan)).containsExactly("bounce:soft", "bounce:soft", "bounce:soft", "suppress:soft-bounces");
    }

    @StoreTest
    void aSoftBounceAfterAQuietSpellStartsTheCountAgain(TestDatabase db) throws Exception {
        open(db);
        long ivan = insertSubscriber(jdbc, "ivan.full@gmail.com", "Iv4nFullMb0xTok3nQrStU");

        processor.process(Fixtures.withMessageId("gmail-452-4.2.2-over-quota.eml", "w1@mail"), false);
        processor.process(Fixtures.withMessageId("gmail-452-4.2.2-over-quota.eml", "w2@mail"), false);
        // The issues in between got through: the next soft bounce comes past the 10-day window.
        BounceProcessor later = processor(jdbc, ds, Clock.fixed(NOW.plus(java.time.Duration.ofDays(11)), ZoneOffset.UTC));
        BounceProcessor.Outcome third = later.process(Fixtures.withMessageId("gmail-452-4.2.2-over-quota.eml", "w3@mail"), false);

        assertThat(third.action()).isEqualTo("soft count 1/3");
        assertThat(softBounces(ivan)).isEqualTo(1);
        assertThat(status(ivan)).isEqualTo("confirmed");
    }

    @StoreTest
    void theSameBounceMessageCountsOnce(TestDatabase db) throws Exception {
        open(db);
        long ivan = insertSubscriber(jdbc, "ivan.full@gmail.com", "Iv4nFullMb0xTok3nQrStU");

        processor.process(Fixtures.raw("gmail-452-4.2.2-over-quota.eml"), false);
        BounceProcessor.Outcome again = processor.process(Fixtures.raw("gmail-452-4.2.2-over-quota.eml"), false);

        assertThat(again.action()).isEqualTo("nothing (already processed)");
        assertThat(softBounces(ivan)).isEqualTo(1);
        assertThat(events(ivan)).hasSize(1);
    }

    @StoreTest
    void aComplaintSuppressesEvenWhenTheReportRedactsTheRecipient(TestDatabase db) throws Exception {
        open(db);
        long mia = insertSubscriber(jdbc, "mia@yahoo.com", "M1aArfTok3nLkJhGfDsA_q");
        long noah = insertSubscriber(jdbc, "noah@aol.com", "N0ahAolTok3nZxCvBnMqWe");

        assertThat(processor.process(Fixtures.raw("arf-yahoo-complaint.eml"), false).action()).isEqualTo("suppressed");
        BounceProcessor.Outcome aol = processor.process(Fixtures.raw("arf-aol-redacted-complaint.eml"), false);

        assertThat(aol.action()).isEqualTo("suppressed");
        assertThat(aol.recipient()).isEqualTo("noah@aol.com");
        assertThat(status(mia)).isEqualTo("complained");
        assertThat(status(noah)).isEqualTo("complained");
        assertThat(jdbc.sql("select distinct reason from suppression").query(String.class).list()).containsExactly("complaint");
        assertThat(events(noah)).containsExactly("complaint", "suppress:complaint");
    }

    @StoreTest
    void theVerpTokenBeatsTheFinalRecipient(TestDatabase db) throws Exception {
        open(db);
        // Alice's mail is forwarded: the report names the forwarding target's address, which is
        // another subscriber in its own right.
        long forwarder = insertSubscriber(jdbc, "alice.old@example.com", "q7Hk2LmN9pR4sT1vW8xYzA");
        long alice = insertSubscriber(jdbc, "alice@example.org", "SomeOtherTok3nAbCdEfGh");

        BounceProcessor.Outcome o = processor.process(Fixtures.raw("postfix-5.1.1-user-unknown.eml"), false);

        assertThat(o.subscriberId()).isEqualTo(forwarder);
        assertThat(status(forwarder)).isEqualTo("bounced");
        assertThat(status(alice)).isEqualTo("confirmed");
        assertThat(suppressed("alice@example.org")).isFalse();
        assertThat(jdbc.sql("select detail from subscriber_event where kind = 'bounce:hard'").query(String.class).single())
                .endsWith("reported for alice@example.org");
    }

    @StoreTest
    void withoutAKnownTokenTheFailedAddressInTheTextIsUsed(TestDatabase db) throws Exception {
        open(db);
        long dora = insertSubscriber(jdbc, "Dora@Example.NET", "AnUnrelatedTok3nXyZ012");

        BounceProcessor.Outcome o = processor.process(Fixtures.raw("exim-550-text.eml"), false);

        assertThat(o.subscriberId()).isEqualTo(dora);
        assertThat(o.action()).isEqualTo("suppressed");
        assertThat(status(dora)).isEqualTo("bounced");
    }

    @StoreTest
    void aBounceForNobodyWeKnowChangesNothing(TestDatabase db) throws Exception {
        open(db);
        long other = insertSubscriber(jdbc, "someone@example.com", "Sm1thTok3nAbCdEfGhIjKl");

        BounceProcessor.Outcome o = processor.process(Fixtures.raw("sendmail-dsn.eml"), false);

        assertThat(o.action()).isEqualTo("no subscriber matched");
        assertThat(o.recipient()).isEqualTo("frank@example.org");
        assertThat(jdbc.sql("select count(*) from suppression").query(Long.class).single()).isZero();
        assertThat(events(other)).isEmpty();
    }

    @StoreTest
    void autoRepliesAndDelayWarningsAreNotBounces(TestDatabase db) throws Exception {
        open(db);
        long paul = insertSubscriber(jdbc, "paul.weber@northwind.example", "P4ulOooTok3nQwErTyUiOp");
        long sam = insertSubscriber(jdbc, "sam@slow.example", "S4mD3l4yTok3nZxCvBnMaS");

        assertThat(processor.process(Fixtures.raw("out-of-office-autoreply.eml"), false).action()).isEqualTo("nothing");
        assertThat(processor.process(Fixtures.raw("postfix-delayed-warning.eml"), false).action()).isEqualTo("nothing");

        assertThat(softBounces(sam)).isZero();
        assertThat(events(paul)).isEmpty();
        assertThat(events(sam)).isEmpty();
    }

    @StoreTest
    void aDryRunSaysWhatItWouldDoAndChangesNothing(TestDatabase db) throws Exception {
        open(db);
        long alice = insertSubscriber(jdbc, "alice@example.org", "q7Hk2LmN9pR4sT1vW8xYzA");

        BounceProcessor.Outcome o = processor.process(Fixtures.raw("postfix-5.1.1-user-unknown.eml"), true);

        assertThat(o.action()).isEqualTo("nothing (dry run; would have: suppressed)");
        assertThat(status(alice)).isEqualTo("confirmed");
        assertThat(suppressed("alice@example.org")).isFalse();
        assertThat(events(alice)).isEmpty();
        assertThat(jdbc.sql("select count(*) from processed_bounce").query(Long.class).single()).isZero();
        // ...so the real run afterwards still acts.
        assertThat(processor.process(Fixtures.raw("postfix-5.1.1-user-unknown.eml"), false).action()).isEqualTo("suppressed");
    }
}
