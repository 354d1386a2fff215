package com.verdictdigest.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import com.verdictdigest.delivery.Deliveries;
import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.subscribers.Suppressions;
import com.verdictdigest.support.Config;
import com.verdictdigest.support.Identity;
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
        return processor(ds, clock, Config.defaults(BounceProperties.class), new Deliveries(ds));
    }

    static BounceProcessor processor(DataSource ds, Clock clock, BounceProperties props, Deliveries deliveries) {
        return processor(new BounceParser(Fixtures.DOMAIN)::parse, ds, clock, props, deliveries);
    }

    static BounceProcessor processor(BounceParsing parsing, DataSource ds, Clock clock, BounceProperties props,
                                     Deliveries deliveries) {
        SenderProperties sender = Config.bind(SenderProperties.class, "domain=" + Fixtures.DOMAIN);
        return new BounceProcessor(parsing, new BounceRepository(JdbcClient.create(ds)), subscribers(ds, clock),
                deliveries.feedback, Identity.messageIds(sender), new JdbcTransactionManager(ds), clock, sender, props);
    }

    /** The subscribers module's API for bounces, on this database. */
    static com.verdictdigest.subscribers.SubscriberBounces subscribers(DataSource ds, Clock clock) {
        com.verdictdigest.subscribers.SubscriberRepository repository =
                new com.verdictdigest.subscribers.SubscriberRepository(ds, Identity.tokens());
        return new com.verdictdigest.subscribers.SubscriberBounces(repository, new Suppressions(repository, clock),
                new com.verdictdigest.subscribers.UnsubscribeService(repository, clock), clock);
    }

    /** A confirmed subscriber whose mail was sent by release 0.1: its token is kept as a hash, as the migration left it. */
    static long insertSubscriber(JdbcClient jdbc, String email, String token) {
        EmailAddress address = EmailAddress.parse(email);
        jdbc.sql("""
                insert into subscriber (email, email_key, name, status, legacy_token_hash, created_at, updated_at, confirmed_at)
                values (:email, :key, :name, 'confirmed', :hash, :t, :t, :t)""")
                .param("email", address.address()).param("key", address.key()).param("name", "Reader " + address.key())
                .param("hash", token == null ? null : Identity.legacyTokenHash(token))
                .param("t", SqlTime.ts(NOW.minusSeconds(86400)))
                .update();
        return jdbc.sql("select id from subscriber where email_key = :key").param("key", address.key())
                .query(Long.class).single();
    }

    /** A send of {@code issue} whose copies went to {@code subscribers}, as the engine leaves it. */
    static void sent(JdbcClient jdbc, long issue, long... subscribers) {
        jdbc.sql("""
                insert into delivery_send (issue_number, state, recipients, started_at, updated_at)
                values (:issue, 'running', :n, :t, :t)""")
                .param("issue", issue).param("n", subscribers.length).param("t", SqlTime.ts(NOW.minusSeconds(3600))).update();
        for (long id : subscribers) {
            jdbc.sql("""
                    insert into delivery_ledger (issue_number, subscriber_id, email, state, attempts, next_attempt_at, due_at,
                                                 sent_at, message_id)
                    select :issue, id, email, 'sent', 1, :t, :t, :t, :mid from subscriber where id = :id""")
                    .param("issue", issue).param("id", id).param("t", SqlTime.ts(NOW.minusSeconds(3000)))
                    .param("mid", Identity.messageIds(SENDER).messageId(issue, id, Identity.messageIds(SENDER).mac(issue, id)))
                    .update();
        }
    }

    static final SenderProperties SENDER = Config.bind(SenderProperties.class, "domain=" + Fixtures.DOMAIN);

    /** The VERP token of our copy of {@code issue} to {@code subscriber}. */
    static String verp(long issue, long subscriber) {
        var ids = Identity.messageIds(SENDER);
        return ids.verpToken(issue, subscriber, ids.mac(issue, subscriber));
    }

    static String messageId(long issue, long subscriber) {
        var ids = Identity.messageIds(SENDER);
        return ids.messageId(issue, subscriber, ids.mac(issue, subscriber));
    }

    /** A fixture with its VERP token replaced (null: no VERP address left) and, if given, the returned message's Message-ID. */
    static byte[] rewritten(String fixture, String oldToken, String newToken, String returnedMessageId) {
        String s = new String(Fixtures.raw(fixture), StandardCharsets.ISO_8859_1);
        s = s.replace("bounces+" + oldToken + "@", newToken == null ? "bounces@" : "bounces+" + newToken + "@");
        s = s.replace("unsubscribe/" + oldToken, "unsubscribe/elsewhere");
        s = s.replaceAll("(?m)^Message-ID: <issue12\\.[^>]*>", returnedMessageId == null ? "Message-ID: <whatever@example.org>"
                : java.util.regex.Matcher.quoteReplacement("Message-ID: " + returnedMessageId));
        return s.getBytes(StandardCharsets.ISO_8859_1);
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
                .startsWith("user unknown (hard 5.1.1, dsn, by VERP (0.1)): 550 5.1.1").contains("User unknown in virtual mailbox table");
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
    void aBounceThatOnlyNamesAnAddressIsKeptForTheAdminAndChangesNothing(TestDatabase db) throws Exception {
        open(db);
        long dora = insertSubscriber(jdbc, "Dora@Example.NET", "AnUnrelatedTok3nXyZ012");

        BounceProcessor.Outcome o = processor.process(Fixtures.raw("exim-550-text.eml"), false);

        assertThat(o.subscriberId()).isNull();
        assertThat(o.evidence()).isEqualTo("address only");
        assertThat(o.action()).startsWith("not acted on: no VERP token or Message-ID of ours (unverified bounce #");
        assertThat(status(dora)).isEqualTo("confirmed");
        assertThat(events(dora)).isEmpty();
        assertThat(jdbc.sql("select claimed_address || ' ' || kind || ' ' || reason from unverified_bounce")
                .query(String.class).single()).isEqualTo("dora@example.net hard user unknown");
    }

    @StoreTest
    void aForgedDeliveryReportSuppressesNobodyAndTheAdminSeesIt(TestDatabase db) throws Exception {
        open(db);
        long ada = insertSubscriber(jdbc, "ada@example.com", null);

        BounceProcessor.Outcome o = processor.process(ForgedReports.DSN.getBytes(StandardCharsets.US_ASCII), false);

        assertThat(o.bounce().kind()).isEqualTo(BounceKind.HARD);
        assertThat(o.action()).startsWith("not acted on");
        assertThat(status(ada)).isEqualTo("confirmed");
        assertThat(suppressed("ada@example.com")).isFalse();
        assertThat(events(ada)).isEmpty();
        var review = new UnverifiedBounces(new BounceRepository(jdbc), subscribers(ds, Clock.fixed(NOW, ZoneOffset.UTC)),
                Config.defaults(BounceProperties.class), new JdbcTransactionManager(ds), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(review.list(10)).singleElement().satisfies(u -> {
            assertThat(u.claimedAddress()).isEqualTo("ada@example.com");
            assertThat(u.reason()).isEqualTo("user unknown");
            assertThat(u.decision()).isNull();
        });
    }

    @StoreTest
    void aForgedComplaintSuppressesNobodyAndTheAdminSeesIt(TestDatabase db) throws Exception {
        open(db);
        long ada = insertSubscriber(jdbc, "ada@example.com", null);

        BounceProcessor.Outcome o = processor.process(ForgedReports.ARF.getBytes(StandardCharsets.US_ASCII), false);

        assertThat(o.bounce().kind()).isEqualTo(BounceKind.COMPLAINT);
        assertThat(o.action()).startsWith("not acted on");
        assertThat(status(ada)).isEqualTo("confirmed");
        assertThat(suppressed("ada@example.com")).isFalse();
        assertThat(jdbc.sql("select kind from unverified_bounce").query(String.class).single()).isEqualTo("complaint");
    }

    @StoreTest
    void theAdminCanActOnAnUnverifiedBounceOrDismissIt(TestDatabase db) throws Exception {
        open(db);
        long ada = insertSubscriber(jdbc, "ada@example.com", null);
        long bob = insertSubscriber(jdbc, "bob@example.com", null);
        processor.process(ForgedReports.DSN.getBytes(StandardCharsets.US_ASCII), false);
        processor.process(ForgedReports.DSN.replace("ada@example.com", "bob@example.com").replace("<forged-1@", "<forged-2@")
                .getBytes(StandardCharsets.US_ASCII), false);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        var review = new UnverifiedBounces(new BounceRepository(jdbc), subscribers(ds, clock), Config.defaults(BounceProperties.class),
                new JdbcTransactionManager(ds), clock);
        long adas = review.list(10).stream().filter(u -> u.claimedAddress().equals("ada@example.com")).findFirst().orElseThrow().id();
        long bobs = review.list(10).stream().filter(u -> u.claimedAddress().equals("bob@example.com")).findFirst().orElseThrow().id();

        assertThat(review.act(adas, "admin").message()).isEqualTo("ada@example.com suppressed.");
        assertThat(review.dismiss(bobs, "admin").done()).isTrue();
        assertThat(review.act(adas, "admin").done()).as("decided once").isFalse();

        assertThat(status(ada)).isEqualTo("bounced");
        assertThat(status(bob)).isEqualTo("confirmed");
        assertThat(jdbc.sql("select detail from subscriber_event where subscriber_id = :id and kind = 'bounce:hard'")
                .param("id", ada).query(String.class).single()).contains("unverified bounce #" + adas + " accepted by admin");
        assertThat(review.countOpen()).isZero();
    }

    @StoreTest
    void ourVerpTokenNamesTheCopyAndItsIssueGetsTheReason(TestDatabase db) throws Exception {
        open(db);
        long alice = insertSubscriber(jdbc, "alice@example.org", null);
        sent(jdbc, 12, alice);

        BounceProcessor.Outcome o = processor.process(rewritten("postfix-5.1.1-user-unknown.eml", "q7Hk2LmN9pR4sT1vW8xYzA",
                verp(12, alice), null), false);

        assertThat(o.evidence()).isEqualTo("VERP");
        assertThat(o.issueNumber()).isEqualTo(12);
        assertThat(o.action()).isEqualTo("suppressed");
        assertThat(status(alice)).isEqualTo("bounced");
        assertThat(jdbc.sql("select feedback || ' ' || feedback_reason from delivery_ledger where subscriber_id = :id")
                .param("id", alice).query(String.class).single()).isEqualTo("hard user unknown");
        assertThat(jdbc.sql("select hard_bounces from delivery_send where issue_number = 12").query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select detail from subscriber_event where kind = 'bounce:hard'").query(String.class).single())
                .startsWith("user unknown (hard 5.1.1, dsn, by VERP, issue 12): ");
    }

    @StoreTest
    void aMessageIdOfOursIsEnoughWhenTheVerpAddressIsGone(TestDatabase db) throws Exception {
        open(db);
        long alice = insertSubscriber(jdbc, "alice@example.org", null);
        sent(jdbc, 12, alice);

        BounceProcessor.Outcome o = processor.process(rewritten("postfix-5.1.1-user-unknown.eml", "q7Hk2LmN9pR4sT1vW8xYzA",
                null, messageId(12, alice)), false);

        assertThat(o.bounce().verpToken()).isNull();
        assertThat(o.evidence()).isEqualTo("Message-ID");
        assertThat(o.issueNumber()).isEqualTo(12);
        assertThat(status(alice)).isEqualTo("bounced");
    }

    /**
     * An Amazon SES notification by mail wraps its JSON at 76 characters, inside strings too, so
     * our Message-ID among its headers comes split across lines: it still ties the complaint to
     * the copy once the VERP address is gone.
     */
    @StoreTest
    void aMessageIdOfOursInAWrappedSesNotificationIsFound(TestDatabase db) throws Exception {
        open(db);
        long abe = insertSubscriber(jdbc, "abe@example.net", null);
        sent(jdbc, 12, abe);
        String s = new String(Fixtures.raw("amazon-ses-json-complaint.eml"), StandardCharsets.ISO_8859_1);
        int start = s.indexOf("{\"notificationType\"");
        int end = s.indexOf("\n\n--", start);
        String json = s.substring(start, end).replace("\r", "").replace("\n", "")
                .replace("<bounces+S3sJs0nC0mplTok3nTgRfE@", "<bounces@")
                .replace("{\"name\":\"To\",", "{\"name\":\"Message-ID\",\"value\":\"" + messageId(12, abe) + "\"},{\"name\":\"To\",");
        StringBuilder wrapped = new StringBuilder();
        for (int i = 0; i < json.length(); i += 76) {
            wrapped.append(json, i, Math.min(json.length(), i + 76)).append("\n");
        }
        assertThat(wrapped.toString()).as("the Message-ID is split by the wrapping").doesNotContain(messageId(12, abe));

        BounceProcessor.Outcome o = processor.process((s.substring(0, start) + wrapped + s.substring(end + 1))
                .getBytes(StandardCharsets.ISO_8859_1), false);

        assertThat(o.bounce().verpToken()).isNull();
        assertThat(o.bounce().format()).isEqualTo("ses-json");
        assertThat(o.evidence()).isEqualTo("Message-ID");
        assertThat(o.issueNumber()).isEqualTo(12);
        assertThat(status(abe)).isEqualTo("complained");
    }

    @StoreTest
    void aGuessedOrTamperedMessageIdIsNotOurs(TestDatabase db) throws Exception {
        open(db);
        long alice = insertSubscriber(jdbc, "alice@example.org", null);
        sent(jdbc, 12, alice);
        String ours = messageId(12, alice);
        char last = ours.charAt(ours.indexOf('@') - 1);
        String tampered = ours.replace(last + "@", (last == '0' ? '1' : '0') + "@");
        String otherSubscriber = messageId(12, alice + 1).replace("-" + (alice + 1) + "-", "-" + alice + "-");

        for (String id : new String[] {"<digest-12-" + alice + "@verdicts.example.com>", tampered, otherSubscriber}) {
            BounceProcessor.Outcome o = processor.process(rewritten("postfix-5.1.1-user-unknown.eml", "q7Hk2LmN9pR4sT1vW8xYzA",
                    null, id), false);
            assertThat(o.evidence()).as(id).isEqualTo("address only");
            jdbc.sql("delete from processed_bounce").update();
            jdbc.sql("delete from unverified_bounce").update();
        }
        assertThat(status(alice)).isEqualTo("confirmed");
    }

    @StoreTest
    void aMailToTheUnsubscribeAddressUnsubscribesOnceWithItsEvidence(TestDatabase db) throws Exception {
        open(db);
        long kai = insertSubscriber(jdbc, "kai@example.com", null);
        String token = Identity.tokens().forSubscriber(kai);
        byte[] mail = new String(Fixtures.raw("unsubscribe-by-mail.eml"), StandardCharsets.ISO_8859_1)
                .replace("Uns7bScr1b3Tok3nQaZwSx", token).getBytes(StandardCharsets.ISO_8859_1);

        BounceProcessor.Outcome first = processor.process(mail, false);
        BounceProcessor.Outcome again = processor.process(Fixtures.withMessageIdOf(mail, "unsub-0002@example.com"), false);

        assertThat(first.action()).isEqualTo("unsubscribed kai@example.com");
        assertThat(again.action()).isEqualTo("already unsubscribed");
        assertThat(status(kai)).isEqualTo("unsubscribed");
        assertThat(jdbc.sql("select form || ': ' || detail from subscriber_event where subscriber_id = :id")
                .param("id", kai).query(String.class).single())
                .startsWith("mail: by mail to unsubscribe+…@verdicts.example.com (List-Unsubscribe); message ")
                .doesNotContain(token).doesNotContain("kai");
    }

    @StoreTest
    void aTokenOfRelease01StillUnsubscribesByMail(TestDatabase db) throws Exception {
        open(db);
        long kai = insertSubscriber(jdbc, "kai@example.com", "Uns7bScr1b3Tok3nQaZwSx");

        assertThat(processor.process(Fixtures.raw("unsubscribe-by-mail.eml"), false).action()).isEqualTo("unsubscribed kai@example.com");
        assertThat(status(kai)).isEqualTo("unsubscribed");
    }

    @StoreTest
    void anUnknownUnsubscribeTokenChangesNothing(TestDatabase db) throws Exception {
        open(db);
        long kai = insertSubscriber(jdbc, "kai@example.com", null);
        String forged = Identity.tokens().forSubscriber(kai).substring(0, 10) + "0".repeat(32);
        byte[] mail = new String(Fixtures.raw("unsubscribe-by-mail.eml"), StandardCharsets.ISO_8859_1)
                .replace("Uns7bScr1b3Tok3nQaZwSx", Long.toString(kai, 36) + "-" + "0".repeat(32)).getBytes(StandardCharsets.ISO_8859_1);

        assertThat(processor.process(mail, false).action()).isEqualTo("no subscriber matched (unknown unsubscribe token)");
        assertThat(forged).isNotEqualTo(Identity.tokens().forSubscriber(kai));
        assertThat(status(kai)).isEqualTo("confirmed");
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
