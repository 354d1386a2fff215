package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.subscribers.SubscriberImport.LineReport;
import com.verdictdigest.subscribers.SubscriberImport.Outcome;
import com.verdictdigest.subscribers.SubscriberImport.Summary;
import com.verdictdigest.support.Config;
import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CSV import on H2 and PostgreSQL, with opt-in mails to a real SMTP server (GreenMail). */
class SubscriberImportTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private AdminFixture fixture(TestDatabase db) {
        AdminFixture f = new AdminFixture(db, smtp.getSmtp().getPort());
        f.add("dave@example.com", SubscriberStatus.CONFIRMED, Instant.parse("2026-01-01T00:00:00Z"));
        f.suppressions.suppress(EmailAddress.parse("erin@example.com"), Suppressions.Reason.COMPLAINT, "test");
        return f;
    }

    private static Reader mixed() {
        return new InputStreamReader(Objects.requireNonNull(SubscriberImportTest.class.getResourceAsStream("/subscribers/mixed.csv")),
                StandardCharsets.UTF_8);
    }

    @StoreTest
    void aDryRunReportsEveryLineByNumberAndWritesNothing(TestDatabase db) {
        AdminFixture f = fixture(db);
        List<LineReport> report = new ArrayList<>();

        Summary summary = f.importer().run(mixed(), "mixed.csv", "test", true, report::add);

        assertThat(report).extracting(LineReport::toString).containsExactly(
                "line 2: alice@example.com: would be added as pending and sent an opt-in mail",
                "line 3: bob@example.com: would be added as confirmed (consent: newsletter-2023 signup form on 2023-05-01T00:00:00Z)",
                "line 4: bad address 'carol@example': 'example' is not a valid domain",
                "line 5: duplicate of line 2 (alice@EXAMPLE.com), not imported",
                "line 6: dave@example.com is already in the list (confirmed), not imported",
                "line 7: erin@example.com is on the suppression list (never mailed again), not imported",
                "line 8: has 2 fields, the header has 4 (missing or extra column)",
                "line 9: grace@example.com: consent_source and consent_date go together: give both or neither");
        assertThat(summary).isEqualTo(new Summary(true, 8, 1, 1, 3, 1, 1, 1, 0));
        assertThat(f.count("subscriber")).isEqualTo(1);
        assertThat(f.count("subscriber_event")).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @StoreTest
    void importingSendsOptInToNewAddressesAndConfirmsThoseWithStatedConsent(TestDatabase db) throws Exception {
        AdminFixture f = fixture(db);
        List<LineReport> report = new ArrayList<>();

        Summary summary = f.importer().run(mixed(), "mixed.csv", "admin", false, report::add);

        assertThat(summary).isEqualTo(new Summary(false, 8, 1, 1, 3, 1, 1, 1, 0));
        assertThat(report).filteredOn(r -> !r.outcome().error()).extracting(LineReport::toString).containsExactly(
                "line 2: alice@example.com: added as pending, opt-in mail sent",
                "line 3: bob@example.com: added as confirmed (consent: newsletter-2023 signup form on 2023-05-01T00:00:00Z)");
        assertThat(f.status("alice@example.com")).isEqualTo("pending");
        assertThat(f.status("bob@example.com")).isEqualTo("confirmed");
        assertThat(f.status("carol@example.com")).isEqualTo("(none)");
        assertThat(f.status("erin@example.com")).isEqualTo("(none)");

        long bob = f.repository.findByEmailKey("bob@example.com").orElseThrow().id();
        assertThat(f.repository.findById(bob).orElseThrow().confirmedAt()).isEqualTo(Instant.parse("2023-05-01T00:00:00Z"));
        assertThat(f.repository.findEvents(bob)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("import");
            assertThat(e.form()).isEqualTo("csv-import:mixed.csv");
            assertThat(e.statusAfter()).isEqualTo(SubscriberStatus.CONFIRMED);
            assertThat(e.detail()).contains("source newsletter-2023 signup form", "date 2023-05-01T00:00:00Z", "line 3", "by admin");
        });
        // The link token is the id and a MAC, recomputed: no column holds it.
        String token = f.repository.findById(bob).orElseThrow().token();
        assertThat(token).matches(Long.toString(bob, 36) + "-[0-9a-f]{32}");
        assertThat(f.repository.findByToken(token).orElseThrow().id()).isEqualTo(bob);

        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).singleElement().satisfies(m -> {
            assertThat(m.getAllRecipients()[0].toString()).isEqualTo("alice@example.com");
            assertThat(m.getSubject()).isEqualTo("Confirm your subscription to Verdict Digest");
        });
        String body = MailText.plain(mails[0]);
        assertThat(body).contains("Verdict Digest, 1 Example Street, Berlin");
        Matcher link = Pattern.compile("https://list\\.example\\.com/confirm/([A-Za-z0-9_-]{43})").matcher(body);
        assertThat(link.find()).isTrue();
        long alice = f.repository.findByEmailKey("alice@example.com").orElseThrow().id();
        assertThat(f.jdbc.sql("select token_hash from confirmation_token where subscriber_id = :id").param("id", alice)
                .query(String.class).single()).isEqualTo(Tokens.sha256Hex(link.group(1)));
        assertThat(f.repository.findTokens(alice)).singleElement()
                .satisfies(t -> assertThat(t.expiresAt()).isEqualTo(AdminFixture.NOW.plusSeconds(48 * 3600)));
    }

    @StoreTest
    void reRunningAnImportIsSafeEveryRowIsReportedAsAlreadyListed(TestDatabase db) {
        AdminFixture f = fixture(db);
        f.importer().run(mixed(), "mixed.csv", "admin", false, r -> { });
        List<LineReport> again = new ArrayList<>();

        Summary summary = f.importer().run(mixed(), "mixed.csv", "admin", false, again::add);

        assertThat(summary.imported()).isZero();
        assertThat(summary.alreadyListed()).isEqualTo(3);
        assertThat(again).filteredOn(r -> r.line() == 2).singleElement().extracting(LineReport::outcome).isEqualTo(Outcome.ALREADY_LISTED);
        assertThat(f.count("subscriber")).isEqualTo(3);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @StoreTest
    void batchesKeepTheReportInLineOrderAndCatchDuplicatesAcrossBatches(TestDatabase db) {
        AdminFixture f = new AdminFixture(db, smtp.getSmtp().getPort(),
                Config.bind(SubscriberAdminProperties.class, "import-batch-size=2"));
        String csv = """
                email,consent_source,consent_date
                a@example.com,fair,2024-01-02
                not-an-address,fair,2024-01-02
                b@example.com,fair,2024-01-02T08:30:00Z

                c@example.com,fair,2024-01-02
                A@example.com,fair,2024-01-02
                d@example.com,fair,2999-01-01
                """;
        List<LineReport> report = new ArrayList<>();

        Summary summary = f.importer().run(new StringReader(csv), "batch.csv", "test", false, report::add);

        assertThat(report).extracting(LineReport::line).containsExactly(2L, 3L, 4L, 6L, 7L, 8L);
        assertThat(report).extracting(LineReport::outcome).containsExactly(Outcome.CONFIRMED, Outcome.INVALID,
                Outcome.CONFIRMED, Outcome.CONFIRMED, Outcome.DUPLICATE, Outcome.INVALID);
        assertThat(report.get(4).message()).startsWith("duplicate of line 2");
        assertThat(report.get(5).message()).contains("is in the future");
        assertThat(summary.confirmed()).isEqualTo(3);
        assertThat(f.count("subscriber")).isEqualTo(3);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    /** As on the sign-up form: none (or every one) is all, any case is the catalog's, an unknown one rejects the line. */
    @StoreTest
    void categoriesMeanWhatTheyMeanOnTheSignupForm(TestDatabase db) {
        AdminFixture f = fixture(db);
        String csv = """
                email,categories
                any@example.com,
                every@example.com,coding assistants;Developer Tools;IMAGE GENERATION
                cased@example.com,developer tools
                unknown@example.com,Developer Tools;Writing
                """;
        List<LineReport> report = new ArrayList<>();

        f.importer().run(new StringReader(csv), "categories.csv", "test", false, report::add);

        assertThat(report).extracting(LineReport::outcome).containsExactly(Outcome.OPT_IN, Outcome.OPT_IN, Outcome.OPT_IN,
                Outcome.INVALID);
        assertThat(report.get(3).toString()).isEqualTo("line 5: unknown@example.com: categories: 'Writing' is not a category; "
                + "the categories are: Coding Assistants, Developer Tools, Image Generation.");
        assertThat(f.repository.findByEmailKey("any@example.com").orElseThrow().receivesAllCategories()).isTrue();
        assertThat(f.repository.findByEmailKey("every@example.com").orElseThrow().receivesAllCategories()).isTrue();
        assertThat(f.repository.findByEmailKey("cased@example.com").orElseThrow().categories()).containsExactly("Developer Tools");
        assertThat(f.repository.findByEmailKey("unknown@example.com")).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theSampleFileAndTheReadmeAgreeWithTheImporter() throws Exception {
        AdminFixture f = new AdminFixture(TestDatabase.H2, smtp.getSmtp().getPort());
        List<LineReport> report = new ArrayList<>();

        try (Reader sample = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("subscribers/sample.csv"))) {
            f.importer().run(sample, "sample.csv", "test", true, report::add);
        }

        assertThat(report).hasSize(5).noneMatch(r -> r.outcome().error());
        assertThat(report).extracting(LineReport::outcome).containsExactly(Outcome.OPT_IN, Outcome.CONFIRMED,
                Outcome.OPT_IN, Outcome.CONFIRMED, Outcome.OPT_IN);
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("subscribers/README.md"));
        assertThat(SubscriberImport.COLUMNS).allSatisfy(c -> assertThat(readme).contains("| `" + c + "`"));
    }

    @StoreTest
    void timeZonesAreImportedAsTheJdkSpellsThemUnknownOnesAreRefusedByLineAndTheyAreExported(TestDatabase db) throws Exception {
        AdminFixture f = new AdminFixture(db, smtp.getSmtp().getPort());
        String csv = """
                email,time_zone,consent_source,consent_date
                tokyo@example.com,Asia/Tokyo,fair 2025,2025-10-01
                berlin@example.com, europe/berlin ,fair 2025,2025-10-01
                nowhere@example.com,,fair 2025,2025-10-01
                mars@example.com,Mars/Base,fair 2025,2025-10-01
                """;
        List<LineReport> report = new ArrayList<>();

        Summary summary = f.importer().run(new StringReader(csv), "zones.csv", "admin", false, report::add);

        assertThat(summary.confirmed()).isEqualTo(3);
        assertThat(summary.invalid()).isEqualTo(1);
        assertThat(report).filteredOn(r -> r.outcome().error()).extracting(LineReport::toString).singleElement()
                .asString().startsWith("line 5: unknown time zone 'Mars/Base' for mars@example.com");
        assertThat(f.repository.findByEmailKey("tokyo@example.com").orElseThrow().timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(f.repository.findByEmailKey("berlin@example.com").orElseThrow().timeZone()).isEqualTo("Europe/Berlin");
        assertThat(f.repository.findByEmailKey("nowhere@example.com").orElseThrow().timeZone())
                .as("no zone in the file: not known, the list's default applies").isNull();
        assertThat(f.repository.findByEmailKey("mars@example.com")).isEmpty();

        java.io.StringWriter out = new java.io.StringWriter();
        new SubscriberExport(f.repository).writeCsv(SubscriberFilter.ALL, out);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("email,name,status,created_at,confirmed_at,time_zone");
        assertThat(lines).anyMatch(l -> l.startsWith("tokyo@example.com,") && l.endsWith(",Asia/Tokyo"))
                .anyMatch(l -> l.startsWith("nowhere@example.com,") && l.endsWith(","));
    }

    @StoreTest
    void aFileWithoutAnEmailColumnIsRefusedAtLineOne(TestDatabase db) {
        AdminFixture f = new AdminFixture(db, smtp.getSmtp().getPort());

        assertThatThrownBy(() -> f.importer().run(new StringReader("name,mail\nA,a@example.com\n"), "x.csv", "t", true, r -> { }))
                .isInstanceOf(SubscriberImport.ImportException.class)
                .hasMessage("line 1: unknown column 'mail' (known: email, name, categories, consent_source, consent_date, consent_text, time_zone)");
        assertThatThrownBy(() -> f.importer().run(new StringReader("name\nA\n"), "x.csv", "t", true, r -> { }))
                .hasMessageStartingWith("line 1: missing column 'email'");
        assertThatThrownBy(() -> f.importer().run(new StringReader("email\n\"a@example.com\n"), "x.csv", "t", true, r -> { }))
                .hasMessageStartingWith("line 2: not valid CSV");
    }

    @StoreTest
    void erasureRemovesThePersonButKeepsTheSuppressionSoTheAddressCannotBeImportedAgain(TestDatabase db) {
        AdminFixture f = fixture(db);
        f.importer().run(mixed(), "mixed.csv", "admin", false, r -> { });
        long bob = f.repository.findByEmailKey("bob@example.com").orElseThrow().id();

        assertThat(f.erasure().erase(bob, "admin")).isTrue();

        assertThat(f.repository.findById(bob)).isEmpty();
        assertThat(f.jdbc.sql("select count(*) from subscriber_event where subscriber_id = :id").param("id", bob)
                .query(Long.class).single()).isZero();
        assertThat(f.jdbc.sql("select count(*) from subscriber where email like '%bob%' or name like '%Bob%'")
                .query(Long.class).single()).isZero();
        assertThat(f.repository.findSuppression(EmailAddress.parse("bob@example.com").hash()))
                .hasValueSatisfying(s -> {
                    assertThat(s.reason()).isEqualTo("erased");
                    assertThat(s.detail()).doesNotContain("bob");
                });
        List<LineReport> report = new ArrayList<>();
        f.importer().run(new StringReader("email\nBob@Example.com\n"), "again.csv", "admin", false, report::add);
        assertThat(report).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.SUPPRESSED);
            assertThat(r.toString()).isEqualTo("line 2: Bob@Example.com is on the suppression list (never mailed again), not imported");
        });
        assertThat(f.repository.findByEmailKey("bob@example.com")).isEmpty();
        assertThat(f.erasure().erase(bob, "admin")).isFalse();
    }

    @StoreTest
    void erasingAnAddressAlsoDropsItsSignUpRequestsStillWaitingInTheOutbox(TestDatabase db) {
        AdminFixture f = fixture(db);
        ConsentEvidence evidence = new ConsentEvidence("192.0.2.1", "test", "form", "text", "v1");
        f.repository.insertOutbox("Carol@Example.com", "Carol", java.util.Set.of(), null, evidence, Instant.parse("2026-11-01T00:00:00Z"));
        f.repository.insertOutbox("dave@example.com", "Dave", java.util.Set.of(), null, evidence, Instant.parse("2026-11-01T00:00:00Z"));

        assertThat(f.erasure().erase(EmailAddress.parse("carol@example.com"), "admin")).isEqualTo(Erasure.Result.ERASED_ADDRESS);

        assertThat(f.jdbc.sql("select email from subscriber_outbox").query(String.class).list()).containsExactly("dave@example.com");
        assertThat(f.repository.findSuppression(EmailAddress.parse("carol@example.com").hash())).isPresent();
    }
}
