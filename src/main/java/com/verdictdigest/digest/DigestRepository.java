package com.verdictdigest.digest;

import static com.verdictdigest.system.SqlTime.instant;
import static com.verdictdigest.system.SqlTime.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.verdictdigest.digest.IssueSnapshot.ComparisonLink;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The digest's SQL, one statement per method, named after what it does. */
@Repository
public class DigestRepository {

    private static final String ISSUE_COLUMNS = """
            i.id, i.number, i.state, i.subject, i.editor_note, i.window_start, i.window_end, i.scheduled_for,
            case when i.snapshot is null then 0 else 1 end as frozen, i.created_at, i.updated_at, i.local_time,
            i.published_at""";

    private final JdbcClient jdbc;

    public DigestRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises issue creation across instances: held until the transaction ends. */
    public void lockIssueCreation() {
        jdbc.sql("select id from digest_lock where id = 1 for update").query(Integer.class).single();
    }

    public Optional<Instant> findLastCutoff() {
        return jdbc.sql("select max(window_end) as cutoff from digest_issue where state <> 'cancelled'")
                .query((rs, n) -> instant(rs, "cutoff")).optional();
    }

    public int nextNumber() {
        return jdbc.sql("select coalesce(max(number), 0) + 1 from digest_issue").query(Integer.class).single();
    }

    public long insertIssue(int number, String subject, Instant windowStart, Instant windowEnd, Instant now) {
        jdbc.sql("""
                insert into digest_issue (number, state, subject, window_start, window_end, created_at, updated_at)
                values (:number, 'draft', :subject, :windowStart, :windowEnd, :now, :now)""")
                .param("number", number)
                .param("subject", subject)
                .param("windowStart", ts(windowStart))
                .param("windowEnd", ts(windowEnd))
                .param("now", ts(now))
                .update();
        return jdbc.sql("select id from digest_issue where number = :number").param("number", number)
                .query(Long.class).single();
    }

    public void insertItem(long issueId, IssueItem item) {
        jdbc.sql("insert into digest_issue_item (issue_id, kind, ref_id, position) values (:issueId, :kind, :refId, :position)")
                .param("issueId", issueId)
                .param("kind", item.kind().db())
                .param("refId", item.refId())
                .param("position", item.position())
                .update();
    }

    /** Marks an item removed (undoable while the issue is a draft). @return whether it was in the issue */
    public boolean markItemRemoved(long issueId, IssueItem.Kind kind, long refId, Instant now) {
        return jdbc.sql("""
                update digest_issue_item set removed_at = :now
                 where issue_id = :issueId and kind = :kind and ref_id = :refId and removed_at is null""")
                .param("now", ts(now)).param("issueId", issueId).param("kind", kind.db()).param("refId", refId)
                .update() == 1;
    }

    /** Puts a removed item back in its place. @return whether it was removed */
    public boolean restoreItem(long issueId, IssueItem.Kind kind, long refId) {
        return jdbc.sql("""
                update digest_issue_item set removed_at = null
                 where issue_id = :issueId and kind = :kind and ref_id = :refId and removed_at is not null""")
                .param("issueId", issueId).param("kind", kind.db()).param("refId", refId)
                .update() == 1;
    }

    /** The items in the issue, in order; with {@code removed}, those an editor removed (and may put back while a draft). */
    public List<IssueItem> findItems(long issueId, boolean removed) {
        return jdbc.sql("""
                select kind, ref_id, position from digest_issue_item
                 where issue_id = :issueId and (removed_at is not null) = :removed order by position""")
                .param("issueId", issueId).param("removed", removed)
                .query((rs, n) -> new IssueItem(IssueItem.Kind.fromDb(rs.getString("kind")), rs.getLong("ref_id"),
                        rs.getInt("position")))
                .list();
    }

    public void insertWindowRun(WindowRun run) {
        jdbc.sql("""
                insert into digest_window_run (window_start, window_end, outcome, issue_number, at, actor, scheduled_for, detail)
                values (:windowStart, :windowEnd, :outcome, :issueNumber, :at, :actor, :scheduledFor, :detail)""")
                .param("windowStart", ts(run.windowStart()))
                .param("windowEnd", ts(run.windowEnd()))
                .param("outcome", run.outcome().db())
                .param("issueNumber", run.issueNumber())
                .param("at", ts(run.at()))
                .param("actor", run.actor())
                .param("scheduledFor", ts(run.scheduledFor()))
                .param("detail", run.detail() == null || run.detail().length() <= 2000 ? run.detail() : run.detail().substring(0, 2000))
                .update();
    }

    public long countWindowRuns(String outcome) {
        return jdbc.sql("select count(*) from digest_window_run where outcome = :outcome").param("outcome", outcome)
                .query(Long.class).single();
    }

    /** Newest first. */
    public List<WindowRun> findWindowRuns(int limit) {
        return jdbc.sql("""
                select at, actor, scheduled_for, window_start, window_end, outcome, issue_number, detail
                  from digest_window_run order by at desc, id desc fetch first :limit rows only""")
                .param("limit", limit)
                .query((rs, n) -> new WindowRun(instant(rs, "at"), rs.getString("actor"), instant(rs, "scheduled_for"),
                        instant(rs, "window_start"), instant(rs, "window_end"), WindowRun.Outcome.fromDb(rs.getString("outcome")),
                        rs.getObject("issue_number", Integer.class), rs.getString("detail")))
                .list();
    }

    public Optional<Issue> findIssue(int number) {
        return jdbc.sql("select " + ISSUE_COLUMNS + " from digest_issue i where i.number = :number")
                .param("number", number).query(DigestRepository::issue).optional();
    }

    /** Newest first. */
    public List<Issue> findIssues(int limit) {
        return jdbc.sql("select " + ISSUE_COLUMNS + " from digest_issue i order by i.number desc fetch first :limit rows only")
                .param("limit", limit).query(DigestRepository::issue).list();
    }

    /** Newest first. */
    public List<Issue> findIssuesInState(IssueState state, int limit) {
        return jdbc.sql("select " + ISSUE_COLUMNS + """
                 from digest_issue i where i.state = :state
                order by i.number desc fetch first :limit rows only""")
                .param("state", state.db()).param("limit", limit).query(DigestRepository::issue).list();
    }

    /** Approved issues (due at once) and scheduled ones whose time has come, oldest first. */
    public List<Issue> findDueForSending(Instant now) {
        return jdbc.sql("select " + ISSUE_COLUMNS + """
                 from digest_issue i
                where i.state = 'approved'
                   or (i.state = 'scheduled' and i.scheduled_for <= :now)
                order by i.number""")
                .param("now", ts(now)).query(DigestRepository::issue).list();
    }

    /** The newest issue not yet on its way out, if any: what "the next issue" means for a preview. */
    public Optional<Issue> findLatestDraft() {
        return jdbc.sql("select " + ISSUE_COLUMNS + """
                 from digest_issue i where i.state = 'draft'
                order by i.number desc fetch first 1 rows only""")
                .query(DigestRepository::issue).optional();
    }

    /**
     * Moves an issue only if it is in one of the expected states (compare-and-set), so two
     * instances or two editors cannot both move it.
     *
     * @return whether the row changed
     */
    public boolean updateState(long issueId, Collection<IssueState> from, IssueState to, Instant scheduledFor,
                               Instant now) {
        return jdbc.sql("""
                update digest_issue
                   set state = :to, scheduled_for = :scheduledFor, updated_at = :now
                 where id = :id and state in (:from)""")
                .param("to", to.db())
                .param("scheduledFor", ts(scheduledFor))
                .param("now", ts(now))
                .param("id", issueId)
                .param("from", from.stream().map(IssueState::db).toList())
                .update() == 1;
    }

    /** How the issue goes out: HH:MM in each reader's zone, or null for everyone at once. */
    public void updateLocalTime(long issueId, String localTime) {
        jdbc.sql("update digest_issue set local_time = :localTime where id = :id")
                .param("localTime", localTime).param("id", issueId).update();
    }

    /** The issue is public from {@code at}. @return false if it already was */
    public boolean updatePublished(long issueId, Instant at) {
        return jdbc.sql("update digest_issue set published_at = :at where id = :id and published_at is null")
                .param("at", ts(at)).param("id", issueId).update() == 1;
    }

    /** The public archive: issues out (sending or sent) and published, newest first. */
    public List<Issue> findPublished(int limit) {
        return jdbc.sql("select " + ISSUE_COLUMNS + """
                 from digest_issue i where i.state in ('sending', 'sent') and i.published_at is not null
                order by i.number desc fetch first :limit rows only""")
                .param("limit", limit).query(DigestRepository::issue).list();
    }

    public void updateSnapshot(long issueId, String snapshotJson) {
        jdbc.sql("update digest_issue set snapshot = :snapshot where id = :id")
                .param("snapshot", snapshotJson).param("id", issueId).update();
    }

    public Optional<String> findSnapshot(long issueId) {
        return jdbc.sql("select snapshot from digest_issue where id = :id").param("id", issueId)
                .query(String.class).optional();
    }

    /** Only drafts: the state check is part of the statement. */
    public boolean updateDraftText(long issueId, String subject, String editorNote, Instant now) {
        return jdbc.sql("""
                update digest_issue set subject = :subject, editor_note = :note, updated_at = :now
                 where id = :id and state = 'draft'""")
                .param("subject", subject).param("note", editorNote).param("now", ts(now)).param("id", issueId)
                .update() == 1;
    }

    public void insertEvent(long issueId, Instant at, String actor, String action, IssueState from, IssueState to,
                            String detail) {
        jdbc.sql("""
                insert into digest_issue_event (issue_id, at, actor, action, from_state, to_state, detail)
                values (:issueId, :at, :actor, :action, :from, :to, :detail)""")
                .param("issueId", issueId)
                .param("at", ts(at))
                .param("actor", actor)
                .param("action", action)
                .param("from", from == null ? null : from.db())
                .param("to", to == null ? null : to.db())
                .param("detail", detail)
                .update();
    }

    public List<IssueEvent> findEvents(long issueId) {
        return jdbc.sql("""
                select at, actor, action, from_state, to_state, detail
                  from digest_issue_event where issue_id = :issueId order by id""")
                .param("issueId", issueId)
                .query((rs, n) -> new IssueEvent(instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                        state(rs.getString("from_state")), state(rs.getString("to_state")), rs.getString("detail")))
                .list();
    }

    /** Catalog tables, read only: the comparisons a tool appears in, for the new-tools section. */
    public List<ComparisonLink> findComparisonLinksForTool(long toolId) {
        return jdbc.sql("""
                select c.slug, ta.name as a_name, tb.name as b_name
                  from comparison c
                  join tool ta on ta.id = c.tool_a_id
                  join tool tb on tb.id = c.tool_b_id
                 where c.tool_a_id = :toolId or c.tool_b_id = :toolId
                 order by c.published_at, c.id""")
                .param("toolId", toolId)
                .query((rs, n) -> new ComparisonLink(rs.getString("slug"),
                        rs.getString("a_name") + " vs " + rs.getString("b_name")))
                .list();
    }

    private static IssueState state(String value) {
        return value == null ? null : IssueState.fromDb(value);
    }

    private static Issue issue(ResultSet rs, int rowNum) throws SQLException {
        return new Issue(rs.getLong("id"), rs.getInt("number"), IssueState.fromDb(rs.getString("state")),
                rs.getString("subject"), rs.getString("editor_note"), instant(rs, "window_start"),
                instant(rs, "window_end"), instant(rs, "scheduled_for"), rs.getInt("frozen") == 1,
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getString("local_time"),
                instant(rs, "published_at"));
    }
}
