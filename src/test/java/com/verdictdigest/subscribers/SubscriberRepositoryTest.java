package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.subscribers.SubscriberRepository.NewSubscriber;
import com.verdictdigest.subscribers.SubscriberRepository.Row;
import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** The admin list's queries on H2 and PostgreSQL: keyset pages, prefix search, counts, exports, the chart. */
class SubscriberRepositoryTest {

    static final SubscriberStatus[] CYCLE = {SubscriberStatus.CONFIRMED, SubscriberStatus.PENDING,
            SubscriberStatus.CONFIRMED, SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.BOUNCED};

    /** 53 subscribers, user00..user52@example.com, statuses cycling, names "Name NN" and every sixth "Zoë NN". */
    static List<Long> seed(AdminFixture f) {
        List<NewSubscriber> rows = new ArrayList<>();
        for (int i = 0; i < 53; i++) {
            String email = String.format("user%02d@example.com", i);
            String name = i % 6 == 1 ? "Zoë " + i : "Name " + i;
            rows.add(new NewSubscriber(email, email, name, CYCLE[i % CYCLE.length], null,
                    AdminFixture.NOW, null, "import", "test", null, null));
        }
        f.repository.insertWithEvents(rows);
        return f.repository.findIdsByEmailKeys(rows.stream().map(NewSubscriber::emailKey).toList());
    }

    static List<Row> walk(LongFunction<List<Row>> page) {
        List<Row> all = new ArrayList<>();
        long before = Long.MAX_VALUE;
        for (int guard = 0; guard < 100; guard++) {
            List<Row> rows = page.apply(before);
            all.addAll(rows);
            if (rows.size() < 7) {
                return all;
            }
            before = rows.get(rows.size() - 1).id();
        }
        throw new AssertionError("paging never ended");
    }

    @StoreTest
    void keysetPagesVisitEveryRowOnceNewestFirst(TestDatabase db) {
        AdminFixture f = new AdminFixture(db, 1);
        List<Long> ids = seed(f);

        List<Row> all = walk(before -> f.repository.pageNewestFirst(before, 7));

        List<Long> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(all).extracting(Row::id).containsExactlyElementsOf(newestFirst);
        assertThat(all).first().extracting(Row::email).isEqualTo("user52@example.com");
    }

    @StoreTest
    void keysetPagesByStatusHoldOnlyThatStatus(TestDatabase db) {
        AdminFixture f = new AdminFixture(db, 1);
        seed(f);

        List<Row> confirmed = walk(before -> f.repository.pageByStatus(SubscriberStatus.CONFIRMED, before, 7));

        assertThat(confirmed).hasSize(22).allSatisfy(r -> assertThat(r.status()).isEqualTo(SubscriberStatus.CONFIRMED));
        assertThat(confirmed).extracting(Row::id).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
        assertThat(f.repository.countByStatus()).containsEntry(SubscriberStatus.CONFIRMED, 22L)
                .containsEntry(SubscriberStatus.PENDING, 11L).containsEntry(SubscriberStatus.COMPLAINED, 0L);
    }

    @StoreTest
    void addressSearchPagesInAddressOrder(TestDatabase db) {
        AdminFixture f = new AdminFixture(db, 1);
        seed(f);
        List<Row> all = new ArrayList<>();
        String after = "";
        for (int guard = 0; guard < 10; guard++) {
            List<Row> page = f.repository.searchByAddress("user1", after, 3);
            all.addAll(page);
            if (page.size() < 3) {
                break;
            }
            after = page.get(page.size() - 1).emailKey();
        }

        assertThat(all).extracting(Row::email).containsExactly("user10@example.com", "user11@example.com",
                "user12@example.com", "user13@example.com", "user14@example.com", "user15@example.com",
                "user16@example.com", "user17@example.com", "user18@example.com", "user19@example.com");
        assertThat(f.repository.searchByAddressAndStatus("user1", SubscriberStatus.PENDING, "", 50)).extracting(Row::email)
                .containsExactly("user11@example.com", "user16@example.com");
        assertThat(f.repository.searchByAddress("USER52@example.com".toLowerCase(), "", 50)).extracting(Row::email)
                .containsExactly("user52@example.com");
        // LIKE wildcards typed by the admin are literal characters
        assertThat(f.repository.searchByAddress("user_", "", 50)).isEmpty();
        assertThat(f.repository.searchByAddress("%", "", 50)).isEmpty();
        assertThat(SubscriberRepository.prefixRange("user1")).containsExactly("user1", "user2");
    }

    @StoreTest
    void nameSearchIgnoresCaseAndPagesThroughEqualNamesByKeyset(TestDatabase db) {
        AdminFixture f = new AdminFixture(db, 1);
        seed(f);
        for (int i = 0; i < 5; i++) {
            f.add("twin" + i + "@example.com", SubscriberStatus.CONFIRMED, AdminFixture.NOW);
        }
        f.jdbc.sql("update subscriber set name = 'Ölaf 😀 Ünal' where email_key like 'twin%'").update();

        List<Row> all = new ArrayList<>();
        String afterName = "";
        long afterId = 0;
        for (int guard = 0; guard < 10; guard++) {
            List<Row> page = f.repository.searchByName("ölaf", afterName, afterId, 2);
            all.addAll(page);
            if (page.size() < 2) {
                break;
            }
            afterName = page.get(page.size() - 1).nameKey();
            afterId = page.get(page.size() - 1).id();
        }

        assertThat(all).extracting(Row::email).containsExactly("twin0@example.com", "twin1@example.com",
                "twin2@example.com", "twin3@example.com", "twin4@example.com");
        assertThat(f.repository.searchByName("zoë", "", 0, 50)).extracting(Row::name)
                .containsExactly("Zoë 1", "Zoë 13", "Zoë 19", "Zoë 25", "Zoë 31", "Zoë 37", "Zoë 43", "Zoë 49", "Zoë 7");
        assertThat(f.repository.searchByNameAndStatus("zoë", SubscriberStatus.PENDING, "", 0, 50)).extracting(Row::name)
                .containsExactly("Zoë 1", "Zoë 31");
        assertThat(f.repository.searchByName("ölaf 😀", "", 0, 50)).hasSize(5);
        assertThat(f.repository.searchByName("😀", "", 0, 50)).isEmpty();
    }

    @StoreTest
    void csvExportOfAFilteredListHasEveryRowOfThatStatus(TestDatabase db) throws Exception {
        AdminFixture f = new AdminFixture(db, 1);
        seed(f);
        StringWriter out = new StringWriter();

        long written = new SubscriberExport(f.repository).writeCsv(SubscriberStatus.UNSUBSCRIBED, out);

        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(out.toString())).getRecords();
        assertThat(written).isEqualTo(10);
        assertThat(records).hasSize(10).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("unsubscribed"));
        assertThat(records).extracting(r -> r.get("email")).contains("user03@example.com", "user48@example.com");
        assertThat(SubscriberExport.spreadsheetSafe("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
    }

    @StoreTest
    @SuppressWarnings("unchecked")
    void theArticle15ExportHoldsTheRowTheHistoryTheMailsAndTheSuppression(TestDatabase db) {
        AdminFixture f = new AdminFixture(db, 1);
        long id = f.add("Ann@Example.com", SubscriberStatus.CONFIRMED, Instant.parse("2026-03-01T08:00:00Z"));
        f.jdbc.sql("""
                insert into subscriber_event (subscriber_id, at, kind, status_after, ip, user_agent, form, consent_text, consent_version)
                values (:id, :at, 'confirm', 'confirmed', '203.0.113.9', 'Mozilla/5.0', 'signup-page', 'Yes, send me the digest', 'v1')""")
                .param("id", id).param("at", com.verdictdigest.system.SqlTime.ts(Instant.parse("2026-03-01T09:00:00Z"))).update();
        f.suppressions.suppress(EmailAddress.parse("ann@example.com"), Suppressions.Reason.ADMIN, "by admin");

        Map<String, Object> json = new SubscriberExport(f.repository).personalData(id).orElseThrow();

        assertThat((Map<String, Object>) json.get("subscriber")).containsEntry("email", "Ann@Example.com")
                .containsEntry("status", "suppressed").containsEntry("createdAt", "2026-03-01T08:00:00Z");
        List<Map<String, Object>> events = (List<Map<String, Object>>) json.get("events");
        assertThat(events).extracting(e -> e.get("kind")).containsExactly("signup", "confirm", "suppress:admin");
        assertThat(events.get(1)).containsEntry("ip", "203.0.113.9").containsEntry("consentText", "Yes, send me the digest")
                .containsEntry("consentVersion", "v1").containsEntry("userAgent", "Mozilla/5.0");
        assertThat((Map<String, Object>) json.get("suppression")).containsEntry("reason", "admin");
        assertThat(new SubscriberExport(f.repository).personalData(id + 1000)).isEmpty();
    }

    @StoreTest
    void theGrowthChartCountsEachStatusAtTheEndOfEachDay(TestDatabase db) {
        AdminFixture f = new AdminFixture(db, 1);
        Instant day1 = AdminFixture.NOW.minusSeconds(2 * 86400);
        long a = f.add("a@example.com", SubscriberStatus.PENDING, day1);
        f.add("b@example.com", SubscriberStatus.CONFIRMED, day1);
        f.repository.changeStatus(a, SubscriberStatus.CONFIRMED, AdminFixture.NOW.minusSeconds(86400), "confirm", null, null);
        f.repository.changeStatus(a, SubscriberStatus.UNSUBSCRIBED, AdminFixture.NOW, "unsubscribe", null, null);

        assertThat(f.repository.findById(a).orElseThrow().confirmedAt()).isEqualTo(AdminFixture.NOW.minusSeconds(86400));

        SubscriberGrowth.Series s = new SubscriberGrowth(f.repository, f.clock).lastDays(4);

        assertThat(s.days()).containsExactly(LocalDate.parse("2026-11-17"), LocalDate.parse("2026-11-18"),
                LocalDate.parse("2026-11-19"), LocalDate.parse("2026-11-20"));
        assertThat(s.counts().get(SubscriberStatus.PENDING)).containsExactly(0L, 1L, 0L, 0L);
        assertThat(s.counts().get(SubscriberStatus.CONFIRMED)).containsExactly(0L, 1L, 2L, 1L);
        assertThat(s.counts().get(SubscriberStatus.UNSUBSCRIBED)).containsExactly(0L, 0L, 0L, 1L);
    }
}
