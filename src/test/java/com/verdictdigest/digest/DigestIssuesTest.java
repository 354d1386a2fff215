package com.verdictdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.CatalogRepository;
import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.catalog.Panel;
import com.verdictdigest.catalog.SideInput;
import com.verdictdigest.catalog.Verdict;
import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Windows and the issue store, on H2 and PostgreSQL: selection, states, history, frozen content. */
class DigestIssuesTest {

    static final Instant CUTOFF = DigestFixtures.CUTOFF;

    static final class Env {
        final JdbcClient jdbc;
        final CatalogImporter importer;
        final DigestIssues issues;

        Env(TestDatabase db, boolean requireApproval, Instant start) {
            jdbc = db.freshClient();
            Clock clock = Clock.fixed(CUTOFF.plusSeconds(60), ZoneOffset.UTC);
            CatalogRepository catalog = new CatalogRepository(jdbc);
            importer = new CatalogImporter(catalog, clock);
            DigestProperties props = new DigestProperties(requireApproval, ZoneId.of("Europe/Berlin"), start);
            issues = new DigestIssues(new DigestRepository(jdbc), catalog,
                    new DigestRenderer(new EmailTemplates((String) null), DigestFixtures.site(), props), props,
                    DigestFixtures.site(), clock);
        }

        void importFixtures() {
            for (ComparisonInput in : DigestFixtures.inputs()) {
                // tools first seen when their comparison was published
                importer.store(withFirstSeen(in), null);
            }
        }
    }

    static ComparisonInput withFirstSeen(ComparisonInput in) {
        return new ComparisonInput(in.slug(), in.publishedAt(), side(in.a(), in.publishedAt()), side(in.b(), in.publishedAt()));
    }

    static SideInput side(SideInput s, Instant firstSeen) {
        var t = s.tool();
        return new SideInput(new com.verdictdigest.catalog.ToolInput(t.name(), t.slug(), t.category(), t.tagline(),
                t.description(), t.pricing(), t.positioning(), t.communityPct(), firstSeen), s.panel(), s.decision(),
                s.reviews());
    }

    @StoreTest
    void nothingNewMeansNoIssueAndNothingToSendIsRecorded(TestDatabase db) {
        Env env = new Env(db, true, null);

        assertThat(env.issues.createIssueForWindow(CUTOFF)).isEmpty();

        assertThat(env.issues.list(10)).isEmpty();
        assertThat(env.issues.nothingToSendCount()).isEqualTo(1);
    }

    /** Every weekly fire shows with what came of it: an issue, nothing new, skipped after a downtime, failed. */
    @StoreTest
    void everyRunIsKeptWithWhatCameOfIt(TestDatabase db) {
        Env env = new Env(db, true, null);
        Instant week1 = CUTOFF.minus(java.time.Duration.ofDays(21));
        Instant week2 = CUTOFF.minus(java.time.Duration.ofDays(14));
        Instant week3 = CUTOFF.minus(java.time.Duration.ofDays(7));

        assertThat(env.issues.createIssueForWindow(week1)).isEmpty();
        env.issues.recordMissedRun(week2, WindowRun.Outcome.SKIPPED, "fired 420 min after its time, beyond the grace of 360 min");
        env.issues.recordMissedRun(week3, WindowRun.Outcome.FAILED, "database unreachable");
        env.importFixtures();
        int number = env.issues.createIssueForWindow(CUTOFF).orElseThrow().number();

        assertThat(env.issues.runs(10)).extracting(WindowRun::scheduledFor, WindowRun::outcome, WindowRun::issueNumber)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(week1, WindowRun.Outcome.NOTHING, null),
                        org.assertj.core.groups.Tuple.tuple(week2, WindowRun.Outcome.SKIPPED, null),
                        org.assertj.core.groups.Tuple.tuple(week3, WindowRun.Outcome.FAILED, null),
                        org.assertj.core.groups.Tuple.tuple(CUTOFF, WindowRun.Outcome.ISSUE, number));
        assertThat(env.issues.runs(10)).filteredOn(r -> r.outcome() == WindowRun.Outcome.SKIPPED).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("beyond the grace"));
    }

    @StoreTest
    void aWindowHoldsTheComparisonsAndNewToolsPublishedInIt(TestDatabase db) {
        Env env = new Env(db, true, null);
        env.importFixtures();
        ComparisonInput old = DigestFixtures.inputs().get(0);
        // published before the window (7 days before the cut-off) and after the cut-off: both left out
        env.importer.store(new ComparisonInput("old-one", CUTOFF.minus(Duration.ofDays(8)),
                side(new SideInput(renamed(old.a().tool(), "Old A"), old.a().panel(), null, null), CUTOFF.minus(Duration.ofDays(8))),
                side(new SideInput(renamed(old.b().tool(), "Old B"), old.b().panel(), null, null), CUTOFF.minus(Duration.ofDays(8)))), null);
        env.importer.store(new ComparisonInput("late-one", CUTOFF.plusSeconds(1),
                side(new SideInput(renamed(old.a().tool(), "Late A"), old.a().panel(), null, null), CUTOFF.plusSeconds(1)),
                side(new SideInput(renamed(old.b().tool(), "Late B"), old.b().panel(), null, null), CUTOFF.plusSeconds(1))), null);

        Issue issue = env.issues.createIssueForWindow(CUTOFF).orElseThrow();

        assertThat(issue.number()).isEqualTo(1);
        assertThat(issue.state()).isEqualTo(IssueState.DRAFT);
        assertThat(issue.windowStart()).isEqualTo(CUTOFF.minus(Duration.ofDays(7)));
        assertThat(issue.windowEnd()).isEqualTo(CUTOFF);
        assertThat(issue.subject()).isEqualTo("Verdict Digest #1: Mixtral 8x24B vs Codestral 2.1 + 2 more");
        IssueSnapshot s = env.issues.snapshot(1);
        assertThat(s.comparisons()).extracting(Comparison::title).containsExactly("Mixtral 8x24B vs Codestral 2.1",
                DigestFixtures.HOSTILE_NAME + " vs Plain Tool", "Pixel Forge vs Canvas Kit");
        // first seen first, then by name
        assertThat(s.newTools()).extracting(t -> t.tool().name()).containsExactly("Codestral 2.1", "Mixtral 8x24B",
                DigestFixtures.HOSTILE_NAME, "Plain Tool", "Canvas Kit", "Pixel Forge");
        assertThat(s.newTools().get(1).comparisons()).extracting(IssueSnapshot.ComparisonLink::slug)
                .containsExactly("mixtral-8x24b-vs-codestral-2-1");
        assertThat(env.issues.history(1)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(DigestIssues.WEEKLY_JOB);
            assertThat(e.toState()).isEqualTo(IssueState.DRAFT);
        });
    }

    @StoreTest
    void theNextWindowStartsAtThePreviousCutoffAndACancelledIssueDoesNotCount(TestDatabase db) {
        Env env = new Env(db, true, Instant.parse("2026-01-01T00:00:00Z"));
        env.importFixtures();
        Issue first = env.issues.createIssueForWindow(CUTOFF).orElseThrow();
        assertThat(first.windowStart()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(env.issues.createIssueForWindow(CUTOFF.plus(Duration.ofDays(7)))).isEmpty();
        assertThat(env.issues.nothingToSendCount()).isEqualTo(1);

        env.issues.cancel(1, "ed");
        Issue again = env.issues.createIssueForWindow(CUTOFF.plus(Duration.ofDays(14))).orElseThrow();
        assertThat(again.number()).isEqualTo(2);
        assertThat(again.windowStart()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(env.issues.snapshot(2).comparisons()).hasSize(3);
    }

    @StoreTest
    void anIssueMovesThroughItsStatesAndEveryChangeIsRecorded(TestDatabase db) {
        Env env = new Env(db, true, null);
        env.importFixtures();
        env.issues.createIssueForWindow(CUTOFF);

        env.issues.edit(1, "Split verdicts this week", "Hello\r\nreaders", "ed");
        env.issues.approve(1, "ed");
        Instant at = CUTOFF.plus(Duration.ofHours(2));
        env.issues.schedule(1, at, "ed");

        assertThat(env.issues.findApprovedDueForSending(at.minusSeconds(1))).isEmpty();
        assertThat(env.issues.findApprovedDueForSending(at)).extracting(Issue::number).containsExactly(1);
        assertThat(env.issues.markSending(1)).isTrue();
        assertThat(env.issues.markSending(1)).isFalse();
        assertThat(env.issues.findApprovedDueForSending(at)).isEmpty();
        assertThat(env.issues.markSent(1)).isTrue();
        assertThat(env.issues.markSent(1)).isFalse();

        Issue sent = env.issues.require(1);
        assertThat(sent.state()).isEqualTo(IssueState.SENT);
        assertThat(sent.subject()).isEqualTo("Split verdicts this week");
        assertThat(sent.editorNote()).isEqualTo("Hello\nreaders");
        assertThat(sent.scheduledFor()).isEqualTo(at);
        assertThat(env.issues.sent(10)).extracting(Issue::number).containsExactly(1);
        List<IssueEvent> history = env.issues.history(1);
        assertThat(history).extracting(IssueEvent::action)
                .containsExactly("created", "edited", "approved", "scheduled", "sending", "sent");
        assertThat(history).extracting(IssueEvent::actor)
                .containsExactly(DigestIssues.WEEKLY_JOB, "ed", "ed", "ed", "delivery", "delivery");
        assertThat(history.get(3).fromState()).isEqualTo(IssueState.APPROVED);
        assertThat(history.get(3).toState()).isEqualTo(IssueState.SCHEDULED);
        assertThat(history).allSatisfy(e -> assertThat(e.at()).isEqualTo(CUTOFF.plusSeconds(60)));
    }

    @StoreTest
    void onlyADraftCanBeEditedAndStatesAreNotSkipped(TestDatabase db) {
        Env env = new Env(db, true, null);
        env.importFixtures();
        env.issues.createIssueForWindow(CUTOFF);

        assertThatThrownBy(() -> env.issues.schedule(1, CUTOFF.plus(Duration.ofDays(1)), "ed"))
                .isInstanceOf(IssueStateException.class).hasMessageContaining("approve it before scheduling");
        assertThatThrownBy(() -> env.issues.edit(1, "Two\nlines", null, "ed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line breaks");
        assertThat(env.issues.markSending(1)).isFalse();

        env.issues.approve(1, "ed");

        assertThatThrownBy(() -> env.issues.edit(1, "Later", null, "ed"))
                .isInstanceOf(IssueStateException.class).hasMessage("Issue #1 is approved; only a draft can be edited.");
        assertThatThrownBy(() -> env.issues.approve(1, "ed")).isInstanceOf(IssueStateException.class);
        assertThatThrownBy(() -> env.issues.removeItem(1, IssueItem.Kind.COMPARISON, 1, "ed"))
                .isInstanceOf(IssueStateException.class);
        assertThatThrownBy(() -> env.issues.schedule(1, CUTOFF.minusSeconds(1), "ed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in the future");
        env.issues.cancel(1, "ed");
        assertThatThrownBy(() -> env.issues.cancel(1, "ed")).isInstanceOf(IssueStateException.class)
                .hasMessageContaining("is cancelled");
        assertThatThrownBy(() -> env.issues.require(9)).isInstanceOf(NoSuchIssueException.class);
    }

    @StoreTest
    void approvalFreezesTheContentAgainstLaterCatalogEdits(TestDatabase db) {
        Env env = new Env(db, true, null);
        env.importFixtures();
        env.issues.createIssueForWindow(CUTOFF);
        long mixtral = env.issues.snapshot(1).comparisons().get(0).id();
        env.issues.removeItem(1, IssueItem.Kind.COMPARISON, env.issues.snapshot(1).comparisons().get(2).id(), "ed");
        env.issues.approve(1, "ed");
        IssueSnapshot frozen = env.issues.snapshot(1);

        ComparisonInput changed = withFirstSeen(DigestFixtures.inputs().get(0));
        env.importer.store(new ComparisonInput(null, null, new SideInput(changed.a().tool(),
                new Panel(Verdict.SKIP, 0, 4, 0), changed.a().decision(), changed.a().reviews()), changed.b()), null);

        IssueSnapshot after = env.issues.snapshot(1);
        assertThat(after).isEqualTo(frozen);
        assertThat(after.comparisons()).hasSize(2);
        assertThat(after.comparisons().get(0).id()).isEqualTo(mixtral);
        assertThat(after.comparisons().get(0).a().panel().verdict()).isEqualTo(Verdict.SHIP);
        assertThat(new CatalogRepository(env.jdbc).findComparison(mixtral).orElseThrow().a().panel().verdict())
                .isEqualTo(Verdict.SKIP);
        assertThat(env.issues.history(1)).extracting(IssueEvent::action)
                .containsExactly("created", "removed-item", "approved");
    }

    @StoreTest
    void lintErrorsBlockApproval(TestDatabase db) {
        Env env = new Env(db, true, null);
        env.importFixtures();
        env.issues.createIssueForWindow(CUTOFF);
        env.issues.edit(1, "x".repeat(79), null, "ed");

        assertThatThrownBy(() -> env.issues.approve(1, "ed")).isInstanceOfSatisfying(LintBlockedException.class,
                e -> assertThat(e.report().errors()).extracting(LintReport.Finding::code).containsExactly("subject-long"));
        assertThat(env.issues.require(1).state()).isEqualTo(IssueState.DRAFT);
    }

    @StoreTest
    void withoutRequiredApprovalANewIssueIsApprovedAndDueAtOnce(TestDatabase db) {
        Env env = new Env(db, false, null);
        env.importFixtures();

        Optional<Issue> issue = env.issues.createIssueForWindow(CUTOFF);

        assertThat(issue).get().extracting(Issue::state).isEqualTo(IssueState.APPROVED);
        assertThat(issue.get().frozen()).isTrue();
        assertThat(env.issues.findApprovedDueForSending(CUTOFF)).extracting(Issue::number).containsExactly(1);
        assertThat(env.issues.history(1)).extracting(IssueEvent::actor)
                .containsExactly(DigestIssues.WEEKLY_JOB, "system (approval not required)");
    }

    private static com.verdictdigest.catalog.ToolInput renamed(com.verdictdigest.catalog.ToolInput t, String name) {
        return new com.verdictdigest.catalog.ToolInput(name, null, t.category(), t.tagline(), t.description(),
                t.pricing(), t.positioning(), t.communityPct(), null);
    }
}
