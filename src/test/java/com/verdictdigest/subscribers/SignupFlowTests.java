package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.catalog.SideInput;
import com.verdictdigest.catalog.ToolInput;
import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.support.Browserless;
import com.verdictdigest.support.MutableClock;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Double opt-in, leaving and choosing, over real HTTP against the running app, with a real SMTP
 * server (GreenMail) and a real database. Subclasses pick the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SignupFlowTests.Clocks.class)
abstract class SignupFlowTests {

    static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    // http: the session cookie of an https site is Secure, and the test client talks plain http.
    static final String PUBLIC_URL = "http://digest.example.test";
    static final Pattern CONFIRM_LINK = Pattern.compile(Pattern.quote(PUBLIC_URL) + "(/confirm/[A-Za-z0-9_-]+)");

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    static void commonProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
        registry.add("verdict.site.public-url", () -> PUBLIC_URL);
        registry.add("verdict.subscribers.per-ip.requests", () -> 10_000);
        registry.add("verdict.subscribers.per-address.requests", () -> 5);
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(T0);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    SubscriberRepository subscribers;
    @Autowired
    SignupService signups;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CatalogImporter catalog;
    @Autowired
    SubscribersProperties properties;

    Browserless browser;

    @BeforeEach
    void freshState() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
        clock.set(T0.plus(Duration.ofDays(jdbc.sql("select count(*) from subscriber").query(Long.class).single())));
        browser = new Browserless("http://localhost:" + port);
        if (jdbc.sql("select count(*) from tool").query(Long.class).single() == 0) {
            catalog.store(new ComparisonInput(null, null,
                    new SideInput(new ToolInput("Cursor", null, "Developer Tools", null, null, null, null, null, null), null, null, null),
                    new SideInput(new ToolInput("Midjourney", null, "Image Generation", null, null, null, null, null, null), null, null, null)),
                    null);
        }
    }

    // ---- double opt-in

    @Test
    void signingUpMailsALinkWhoseGetOnlyAsksAndWhosePostConfirms() throws Exception {
        // Post/redirect/get: the form's answer is a redirect, so reloading "check your inbox" sends nothing again.
        HttpResponse<String> posted = browser.submit("/subscribe", "/subscribe", Map.of("email", List.of("nia@example.com"),
                "name", List.of("Nia")));
        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(posted.headers().firstValue("Location").orElseThrow()).endsWith("/subscribe/sent");
        HttpResponse<String> answer = browser.get("/subscribe/sent");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("Check your inbox");

        MimeMessage mail = onlyMailTo("nia@example.com");
        assertThat(mail.getSubject()).isEqualTo("Confirm your subscription to Verdict Digest");
        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        Multipart parts = (Multipart) mail.getContent();
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        String text = (String) parts.getBodyPart(0).getContent();
        assertThat(text).contains("Hello Nia,").contains("1 Example Street");
        assertThat((String) parts.getBodyPart(1).getContent()).contains("1 Example Street");
        assertThat(mail.getHeader("Message-ID")[0]).endsWith("@verdicts.example.com>");
        String link = confirmPath(mail);

        HttpResponse<String> page = browser.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Confirm my subscription").contains("nia@example.com");
        assertThat(status("nia@example.com")).isEqualTo(SubscriberStatus.PENDING);

        HttpResponse<String> confirmed = browser.submit(link, link, Map.of());
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("You are subscribed");
        assertThat(status("nia@example.com")).isEqualTo(SubscriberStatus.CONFIRMED);
    }

    @Test
    void onlyTheSha256OfAConfirmationTokenIsStored() throws Exception {
        signUp("hash@example.com", null);
        String token = confirmPath(onlyMailTo("hash@example.com")).substring("/confirm/".length());
        assertThat(token).matches("[A-Za-z0-9_-]{43}");

        long id = subscriber("hash@example.com").id();
        List<String> stored = jdbc.sql("select token_hash from confirmation_token where subscriber_id = :id")
                .param("id", id).query(String.class).list();
        assertThat(stored).containsExactly(Tokens.sha256Hex(token));
    }

    @Test
    void aConfirmationLinkWorksOnlyOnce() throws Exception {
        signUp("once@example.com", null);
        String link = confirmPath(onlyMailTo("once@example.com"));
        assertThat(browser.submit(link, link, Map.of()).statusCode()).isEqualTo(200);

        HttpResponse<String> again = browser.postForm(link, csrfOf("/subscribe"));
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).contains("This link was already used");
        assertThat(browser.get(link).statusCode()).isEqualTo(410);
        assertThat(subscribers.findEvents(subscriber("once@example.com").id()))
                .filteredOn(e -> e.kind().equals("confirm")).hasSize(1);
    }

    @Test
    void aConfirmationLinkExpiresAfter48Hours() throws Exception {
        signUp("late@example.com", null);
        String link = confirmPath(onlyMailTo("late@example.com"));

        clock.advance(Duration.ofHours(47));
        assertThat(browser.get(link).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        HttpResponse<String> expired = browser.get(link);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).contains("This link has expired").contains("/subscribe?email=late%40example.com");
        HttpResponse<String> post = browser.postForm(link, csrfOf("/subscribe"));
        assertThat(post.statusCode()).isEqualTo(410);
        assertThat(status("late@example.com")).isEqualTo(SubscriberStatus.PENDING);
    }

    @Test
    void aTamperedLinkConfirmsNothing() throws Exception {
        signUp("tamper@example.com", null);
        String link = confirmPath(onlyMailTo("tamper@example.com"));
        char last = link.charAt(link.length() - 1);
        String tampered = link.substring(0, link.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(browser.get(tampered).statusCode()).isEqualTo(404);
        HttpResponse<String> post = browser.postForm(tampered, csrfOf("/subscribe"));
        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(post.body()).contains("This link does not work").contains("Sign up again");
        assertThat(browser.postForm("/confirm/short", csrfOf("/subscribe")).statusCode()).isEqualTo(404);
        assertThat(status("tamper@example.com")).isEqualTo(SubscriberStatus.PENDING);
    }

    @Test
    void theAnswerIsTheSameForNewPendingConfirmedAndSuppressedAddresses() throws Exception {
        signUp("pending@example.com", null);
        subscribeAndConfirm("member@example.com");
        EmailAddress suppressed = EmailAddress.parse("gone@example.com");
        jdbc.sql("insert into suppression (email_hash, reason, created_at) values (:h, 'complaint', current_timestamp)")
                .param("h", suppressed.hash()).update();
        greenMail.purgeEmailFromAllMailboxes();

        List<String> addresses = List.of("brand-new@example.com", "pending@example.com", "member@example.com",
                "gone@example.com");
        List<String> pages = addresses.stream().map(a -> {
            HttpResponse<String> r = browser.stranger().submitAndFollow("/subscribe", "/subscribe", Map.of("email", List.of(a)));
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        }).toList();
        assertThat(pages).allSatisfy(p -> assertThat(p).isEqualTo(pages.get(0)));

        List<String> json = addresses.stream().map(a -> {
            HttpResponse<String> r = browser.postJson("/api/public/subscribe", "{\"email\":\"" + a + "\"}");
            assertThat(r.statusCode()).isEqualTo(202);
            return r.body();
        }).toList();
        assertThat(json).allSatisfy(b -> assertThat(b).isEqualTo(json.get(0)));
        assertThat(json.get(0)).contains("check-your-inbox");

        greenMail.waitForIncomingEmail(10_000, 6);
        assertThat(subjectsTo("brand-new@example.com")).containsOnly("Confirm your subscription to Verdict Digest").hasSize(2);
        assertThat(subjectsTo("pending@example.com")).containsOnly("Confirm your subscription to Verdict Digest").hasSize(2);
        assertThat(subjectsTo("member@example.com")).containsOnly("You are already subscribed to Verdict Digest").hasSize(2);
        assertThat(subjectsTo("gone@example.com")).isEmpty();
        assertThat(subscribers.findByEmailKey("gone@example.com")).isEmpty();
    }

    @Test
    void atMostThreeConfirmationMailsGoToOneAddressPerDay() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(signUp("eager@example.com", null).body()).contains("Check your inbox");
        }
        // Once the outbox has worked the four requests, what arrived is all that they sent.
        await().atMost(Duration.ofSeconds(20)).until(() -> subscribers.countOutbox() == 0);
        assertThat(subjectsTo("eager@example.com")).hasSize(3);

        clock.advance(Duration.ofHours(24).plusMinutes(1));
        signUp("eager@example.com", null);
        greenMail.waitForIncomingEmail(5_000, 4);
        assertThat(subjectsTo("eager@example.com")).hasSize(4);
    }

    @Test
    void concurrentSignupsOfOneAddressMakeOneSubscriberAndAtMostThreeMails() throws Exception {
        EmailAddress email = EmailAddress.parse("rush@example.com");
        ConsentEvidence evidence = new ConsentEvidence("192.0.2.1", "test", "api", "text", "v1");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<?>> requests = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                requests.add(pool.submit(() -> signups.requestOptIn(email, null, java.util.Set.of(), evidence)));
            }
            for (var f : requests) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> subscribers.countOutbox() == 0);
        long id = subscribers.findByEmailKey("rush@example.com").orElseThrow().id();
        assertThat(jdbc.sql("select count(*) from subscriber_event where subscriber_id = :id and kind = 'signup'")
                .param("id", id).query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from subscriber_event where subscriber_id = :id and kind = 'signup-limited'")
                .param("id", id).query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from subscriber where email_key = 'rush@example.com'")
                .query(Long.class).single()).isEqualTo(1);
        greenMail.waitForIncomingEmail(5_000, 3);
        assertThat(mailsTo("rush@example.com")).hasSize(3);
    }

    @Test
    void theComparisonSiteMayEmbedTheJsonSignupOtherSitesMayNot() {
        HttpResponse<String> ours = browser.preflight("/api/public/subscribe", "https://verdicts.example.com");
        assertThat(ours.statusCode()).isEqualTo(200);
        assertThat(ours.headers().firstValue("Access-Control-Allow-Origin")).contains("https://verdicts.example.com");
        HttpResponse<String> theirs = browser.preflight("/api/public/subscribe", "https://evil.example");
        assertThat(theirs.statusCode()).isEqualTo(403);
        assertThat(theirs.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aFilledInHoneypotSendsNothingButLooksTheSame() throws Exception {
        HttpResponse<String> r = browser.submitAndFollow("/subscribe", "/subscribe",
                Map.of("email", List.of("bot@example.com"), "website", List.of("http://spam.example")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Check your inbox");
        // Not even recorded for the outbox: nothing will ever be sent.
        assertThat(subscribers.countOutbox()).isZero();
        assertThat(greenMail.getReceivedMessages()).isEmpty();
        assertThat(subscribers.findByEmailKey("bot@example.com")).isEmpty();
    }

    @Test
    void aNameTheMailHeadersWouldRefuseIsRefusedAtSignupSayingWhich() {
        for (String bad : List.of("Ada\u2028Lovelace", "Ada\u2029X", "Ada\u0085Lovelace", "Ada\u0007X", "Ada\u009bX")) {
            HttpResponse<String> page = browser.submit("/subscribe", "/subscribe",
                    Map.of("email", List.of("ada@example.com"), "name", List.of(bad)));
            assertThat(page.statusCode()).as(bad).isEqualTo(400);
            assertThat(page.body()).contains("Please check the name").contains("control character U+");
            HttpResponse<String> api = browser.postJson("/api/public/subscribe",
                    "{\"email\":\"ada@example.com\",\"name\":\"" + bad.replace("\u0007", "\\u0007") + "\"}");
            assertThat(api.statusCode()).as(bad).isEqualTo(400);
            assertThat(api.body()).contains("\"field\":\"name\"");
        }
        assertThat(subscribers.countOutbox()).isZero();
    }

    @Test
    void aBadAddressOrNameIsRefusedSayingWhyAndAnIdnAddressIsAccepted() throws Exception {
        HttpResponse<String> bad = browser.submit("/subscribe", "/subscribe", Map.of("email", List.of("nobody@localhost")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("not an email address we can send to").contains("localhost");

        HttpResponse<String> injected = browser.submit("/subscribe", "/subscribe",
                Map.of("email", List.of("x@example.com"), "name", List.of("Eve\r\nBcc: victim@example.com")));
        assertThat(injected.statusCode()).isEqualTo(400);
        assertThat(injected.body()).contains("Please check the name");

        HttpResponse<String> api = browser.postJson("/api/public/subscribe", "{\"email\":\"a@@example.com\"}");
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).contains("\"field\":\"email\"");

        assertThat(signUp("Jürgen@Bücher.example", null).statusCode()).isEqualTo(400);
        assertThat(signUp("juergen@Bücher.example", null).body()).contains("Check your inbox");
        MimeMessage mail = onlyMailTo("juergen@xn--bcher-kva.example");
        assertThat(confirmPath(mail)).startsWith("/confirm/");
        assertThat(subscriber("juergen@xn--bcher-kva.example").email()).isEqualTo("juergen@Bücher.example");
    }

    @Test
    void consentEvidenceIsKeptForTheSignupAndTheConfirmation() throws Exception {
        signUp("proof@example.com", null);
        String link = confirmPath(onlyMailTo("proof@example.com"));
        Instant signedUp = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        browser.submit(link, link, Map.of());

        List<SubscriberEvent> events = subscribers.findEvents(subscriber("proof@example.com").id());
        assertThat(events).extracting(SubscriberEvent::kind).containsExactly("signup", "confirm");
        SubscriberEvent signup = events.get(0);
        assertThat(signup.at()).isEqualTo(signedUp);
        assertThat(signup.ip()).isEqualTo("127.0.0.1");
        assertThat(signup.userAgent()).isEqualTo(Browserless.USER_AGENT);
        assertThat(signup.form()).isEqualTo("signup-page");
        assertThat(signup.consentText()).isEqualTo(properties.consentText());
        assertThat(signup.consentVersion()).isEqualTo(properties.consentVersion());
        SubscriberEvent confirm = events.get(1);
        assertThat(confirm.at()).isEqualTo(signedUp.plus(Duration.ofMinutes(5)));
        assertThat(confirm.ip()).isEqualTo("127.0.0.1");
        assertThat(confirm.statusAfter()).isEqualTo(SubscriberStatus.CONFIRMED);
        assertThat(subscriber("proof@example.com").confirmedAt()).isEqualTo(confirm.at());
    }

    @Test
    void unconfirmedSignupsArePurgedAfterSevenDays() throws Exception {
        signUp("forgetful@example.com", null);
        Subscriber returning = subscribeAndConfirm("returning@example.com");
        browser.stranger().postForm("/unsubscribe/" + returning.token(), "List-Unsubscribe=One-Click");
        signUp("returning@example.com", null);

        clock.advance(Duration.ofDays(7).minusMinutes(1));
        assertThat(signups.purgePending()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(signups.purgePending()).isEqualTo(2);

        assertThat(subscribers.findByEmailKey("forgetful@example.com")).isEmpty();
        Subscriber back = subscriber("returning@example.com");
        assertThat(back.status()).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
        assertThat(subscribers.findEvents(back.id())).extracting(SubscriberEvent::kind).endsWith("opt-in-expired");
    }

    // ---- leaving and choosing

    @Test
    void oneClickUnsubscribeWorksFormEncodedAndMultipartAndWhenRepeated() throws Exception {
        Subscriber a = subscribeAndConfirm("leave-form@example.com");
        Subscriber b = subscribeAndConfirm("leave-multipart@example.com");
        Browserless mailboxProvider = browser.stranger();

        HttpResponse<String> first = mailboxProvider.postForm("/unsubscribe/" + a.token(), "List-Unsubscribe=One-Click");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Location")).isEmpty();
        assertThat(status("leave-form@example.com")).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
        assertThat(mailboxProvider.postForm("/unsubscribe/" + a.token(), "List-Unsubscribe=One-Click").statusCode())
                .isEqualTo(200);

        HttpResponse<String> multipart = mailboxProvider.postMultipart("/unsubscribe/" + b.token(),
                Map.of("List-Unsubscribe", "One-Click"));
        assertThat(multipart.statusCode()).isEqualTo(200);
        assertThat(status("leave-multipart@example.com")).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
        assertThat(mailboxProvider.postMultipart("/unsubscribe/" + b.token(), Map.of("List-Unsubscribe", "One-Click"))
                .statusCode()).isEqualTo(200);

        assertThat(subscribers.findEvents(a.id())).filteredOn(e -> e.kind().equals("unsubscribe"))
                .singleElement().extracting(SubscriberEvent::form).isEqualTo("one-click");
        assertThat(mailboxProvider.postForm("/unsubscribe/" + a.token() + "x", "List-Unsubscribe=One-Click").statusCode())
                .isEqualTo(404);
    }

    @Test
    void theUnsubscribePageAsksFirstAndOffersPreferences() throws Exception {
        Subscriber s = subscribeAndConfirm("unsure@example.com");
        HttpResponse<String> page = browser.get("/unsubscribe/" + s.token());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"unsubscribe\"").contains("/preferences/" + s.token());
        assertThat(status("unsure@example.com")).isEqualTo(SubscriberStatus.CONFIRMED);
    }

    @Test
    void signingUpAgainAfterUnsubscribingNeedsANewOptIn() throws Exception {
        Subscriber s = subscribeAndConfirm("again@example.com");
        browser.stranger().postForm("/unsubscribe/" + s.token(), "List-Unsubscribe=One-Click");
        greenMail.purgeEmailFromAllMailboxes();

        signUp("again@example.com", null);
        MimeMessage mail = onlyMailTo("again@example.com");
        assertThat(mail.getSubject()).isEqualTo("Confirm your subscription to Verdict Digest");
        assertThat(status("again@example.com")).isEqualTo(SubscriberStatus.PENDING);

        String link = confirmPath(mail);
        browser.submit(link, link, Map.of());
        assertThat(status("again@example.com")).isEqualTo(SubscriberStatus.CONFIRMED);
        assertThat(subscribers.findEvents(s.id())).extracting(SubscriberEvent::kind)
                .containsExactly("signup", "confirm", "unsubscribe", "signup", "confirm");
    }

    @Test
    void anOldConfirmationLinkCannotUndoAnUnsubscribe() throws Exception {
        signUp("twice@example.com", null);
        signUp("twice@example.com", null);
        greenMail.waitForIncomingEmail(5_000, 2);
        MimeMessage[] mails = greenMail.getReceivedMessages();
        String first = confirmPath(mails[0]);
        String second = confirmPath(mails[1]);
        browser.submit(second, second, Map.of());
        Subscriber s = subscriber("twice@example.com");
        browser.stranger().postForm("/unsubscribe/" + s.token(), "List-Unsubscribe=One-Click");

        assertThat(browser.postForm(first, csrfOf("/subscribe")).statusCode()).isEqualTo(410);
        assertThat(status("twice@example.com")).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
    }

    @Test
    void preferencesChooseCategoriesPausePlainTextAndName() throws Exception {
        Subscriber s = subscribeAndConfirm("picky@example.com");
        String path = "/preferences/" + s.token();
        HttpResponse<String> page = browser.get(path);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Developer Tools").contains("Image Generation");

        HttpResponse<String> saved = browser.submit(path, path, Map.of("name", List.of("Pat"),
                "categories", List.of("Image Generation"), "textOnly", List.of("1"), "pauseWeeks", List.of("2")));
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.body()).contains("Your preferences are saved");
        Subscriber after = subscriber("picky@example.com");
        assertThat(after.name()).isEqualTo("Pat");
        assertThat(after.categories()).containsExactly("Image Generation");
        assertThat(after.textOnly()).isTrue();
        assertThat(after.pausedUntil()).isEqualTo(clock.instant().plus(Duration.ofDays(14)));

        HttpResponse<String> all = browser.submit(path, path, Map.of("name", List.of("Pat"),
                "categories", List.of("Developer Tools", "Image Generation"), "pauseWeeks", List.of("0")));
        assertThat(all.statusCode()).isEqualTo(200);
        Subscriber resumed = subscriber("picky@example.com");
        assertThat(resumed.receivesAllCategories()).isTrue();
        assertThat(resumed.pausedUntil()).isNull();
        assertThat(resumed.textOnly()).isFalse();

        HttpResponse<String> tooLong = browser.submit(path, path, Map.of("categories", List.of("Developer Tools"),
                "pauseWeeks", List.of("99")));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("a pause is 0 to 26 weeks, not 99");
        assertThat(subscriber("picky@example.com").categories()).isEmpty();
    }

    /**
     * One meaning of a choice of categories on the form, the API and the preferences page: none
     * chosen (or every one) is all, a name in another case is the catalog's, an unknown one is
     * refused naming the known ones.
     */
    @Test
    void categoriesMeanTheSameOnTheFormTheApiAndThePreferences() throws Exception {
        Subscriber none = subscribeAndConfirm("none@example.com");
        assertThat(none.receivesAllCategories()).isTrue();

        HttpResponse<String> cased = browser.submitAndFollow("/subscribe", "/subscribe",
                Map.of("email", List.of("cased@example.com"), "categories", List.of("image generation")));
        assertThat(cased.body()).contains("Check your inbox");
        await().atMost(Duration.ofSeconds(20)).until(() -> subscribers.countOutbox() == 0);
        assertThat(subscriber("cased@example.com").categories()).containsExactly("Image Generation");

        HttpResponse<String> unknown = browser.submit("/subscribe", "/subscribe",
                Map.of("email", List.of("unknown@example.com"), "categories", List.of("Writing")));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Jsoup.parse(unknown.body()).select("#error").text())
                .isEqualTo("'Writing' is not a category; the categories are: Developer Tools, Image Generation.");
        HttpResponse<String> api = browser.postJson("/api/public/subscribe",
                "{\"email\":\"api@example.com\",\"categories\":[\"Writing\"]}");
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).contains("\"field\":\"categories\"", "the categories are: Developer Tools, Image Generation");
        assertThat(subscribers.findByEmailKey("unknown@example.com")).isEmpty();

        String path = "/preferences/" + none.token();
        HttpResponse<String> noneTicked = browser.submit(path, path, Map.of("name", List.of("Nan")));
        assertThat(noneTicked.statusCode()).as("none ticked is all, not an error").isEqualTo(200);
        assertThat(noneTicked.body()).contains("Your preferences are saved");
        assertThat(subscriber("none@example.com").receivesAllCategories()).isTrue();
        HttpResponse<String> bad = browser.submit(path, path, Map.of("categories", List.of("Writing")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Jsoup.parse(bad.body()).select("#error").text()).contains("'Writing' is not a category; the categories are:");
    }

    @Test
    void preferencesTurnTheVoteLinksOffAndOnAgain() throws Exception {
        Subscriber s = subscribeAndConfirm("voter@example.com");
        assertThat(s.showVotes()).as("vote links are on by default").isTrue();
        String path = "/preferences/" + s.token();
        assertThat(browser.get(path).body()).contains("Show votes in my digest")
                .contains("id=\"showVotes\" name=\"showVotes\" value=\"1\" checked");

        browser.submit(path, path, Map.of("categories", List.of("Developer Tools", "Image Generation")));
        assertThat(subscriber("voter@example.com").showVotes()).isFalse();
        assertThat(browser.get(path).body()).contains("id=\"showVotes\" name=\"showVotes\" value=\"1\">");

        browser.submit(path, path, Map.of("categories", List.of("Developer Tools"), "showVotes", List.of("1")));
        assertThat(subscriber("voter@example.com").showVotes()).isTrue();
    }

    @Test
    void theBrowsersTimeZoneIsKeptAnUnknownOneMeansTheListsDefaultAndPreferencesChangeIt() throws Exception {
        browser.submit("/subscribe", "/subscribe", Map.of("email", List.of("kyoto@example.com"),
                "timeZone", List.of("Asia/Tokyo")));
        browser.submit("/subscribe", "/subscribe", Map.of("email", List.of("phobos@example.com"),
                "timeZone", List.of("Mars/Base")));
        // The zone travels with the request through the outbox.
        await().atMost(Duration.ofSeconds(20)).until(() -> subscribers.countOutbox() == 0);
        assertThat(subscriber("kyoto@example.com").timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(subscriber("phobos@example.com").timeZone()).as("not known: the list's default applies").isNull();
        assertThat(browser.get("/subscribe").body()).contains("<script src=\"/js/time-zone.js\"")
                .contains("data-browser-time-zone");
        assertThat(browser.get("/js/time-zone.js").body()).contains("Intl.DateTimeFormat().resolvedOptions().timeZone");

        Subscriber s = subscribeAndConfirm("traveller@example.com");
        String path = "/preferences/" + s.token();
        assertThat(org.jsoup.Jsoup.parse(browser.get(path).body()).select("datalist#time-zones option").eachAttr("value"))
                .contains("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC").doesNotContain("SystemV/EST5");
        HttpResponse<String> saved = browser.submit(path, path, Map.of("categories", List.of("Developer Tools"),
                "timeZone", List.of("america/new_york")));
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(subscriber("traveller@example.com").timeZone()).isEqualTo("America/New_York");
        assertThat(subscribers.findEvents(s.id())).last().satisfies(e -> assertThat(e.detail()).contains("time zone: America/New_York"));

        HttpResponse<String> refused = browser.submit(path, path, Map.of("categories", List.of("Developer Tools"),
                "timeZone", List.of("Mars/Base")));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(org.jsoup.Jsoup.parse(refused.body()).select("#error").text()).contains("'Mars/Base' is not a time zone we know");
        assertThat(subscriber("traveller@example.com").timeZone()).isEqualTo("America/New_York");

        browser.submit(path, path, Map.of("categories", List.of("Developer Tools"), "timeZone", List.of("")));
        assertThat(subscriber("traveller@example.com").timeZone()).as("emptied: back to the default").isNull();
    }

    @Test
    void theDevInboxDoesNotExistOutsideDemoMode() {
        assertThat(browser.get("/dev/inbox").statusCode()).isEqualTo(404);
        assertThat(browser.get("/dev/inbox/0").statusCode()).isEqualTo(404);
    }

    // ---- helpers

    /** Signs up through the page and waits until the outbox has worked the request (its mail sent or not due). */
    HttpResponse<String> signUp(String email, String name) {
        Map<String, List<String>> fields = name == null ? Map.of("email", List.of(email))
                : Map.of("email", List.of(email), "name", List.of(name));
        HttpResponse<String> answer = browser.submitAndFollow("/subscribe", "/subscribe", fields);
        await().atMost(Duration.ofSeconds(20)).until(() -> subscribers.countOutbox() == 0);
        return answer;
    }

    Subscriber subscribeAndConfirm(String email) throws Exception {
        signUp(email, null);
        String link = confirmPath(lastMailTo(email));
        assertThat(browser.submit(link, link, Map.of()).statusCode()).isEqualTo(200);
        return subscriber(email);
    }

    String csrfOf(String pagePath) {
        String page = browser.get(pagePath).body();
        return "_csrf=" + java.net.URLEncoder.encode(
                org.jsoup.Jsoup.parse(page).selectFirst("input[name=_csrf]").val(), java.nio.charset.StandardCharsets.UTF_8);
    }

    Subscriber subscriber(String emailKey) {
        return subscribers.findByEmailKey(emailKey).orElseThrow();
    }

    SubscriberStatus status(String emailKey) {
        return subscriber(emailKey).status();
    }

    MimeMessage onlyMailTo(String address) throws Exception {
        greenMail.waitForIncomingEmail(5_000, 1);
        // The mail leaves inside the outbox's transaction: its link works once that commits (the row is gone).
        await().atMost(Duration.ofSeconds(20)).until(() -> subscribers.countOutbox() == 0);
        List<MimeMessage> to = mailsTo(address);
        assertThat(to).hasSize(1);
        return to.get(0);
    }

    MimeMessage lastMailTo(String address) throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> !mailsTo(address).isEmpty());
        List<MimeMessage> to = mailsTo(address);
        assertThat(to).isNotEmpty();
        return to.get(to.size() - 1);
    }

    List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> out = new java.util.ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
                out.add(m);
            }
        }
        return out;
    }

    List<String> subjectsTo(String address) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (MimeMessage m : mailsTo(address)) {
            out.add(m.getSubject());
        }
        return out;
    }

    /** The link in the decoded text part (the body is quoted-printable: a long line is folded on the wire). */
    static String confirmPath(MimeMessage mail) {
        String text;
        try {
            text = MailText.plain(mail);
        } catch (Exception e) {
            throw new AssertionError("the mail has no readable text part", e);
        }
        Matcher m = CONFIRM_LINK.matcher(text == null ? "" : text);
        assertThat(m.find()).as("a confirmation link in the mail").isTrue();
        return m.group(1);
    }
}
