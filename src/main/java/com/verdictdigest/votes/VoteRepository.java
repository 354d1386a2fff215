package com.verdictdigest.votes;

import static com.verdictdigest.system.SqlTime.instant;
import static com.verdictdigest.system.SqlTime.ts;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.verdictdigest.catalog.Community;
import com.verdictdigest.catalog.CommunityFigures;
import com.verdictdigest.catalog.Verdict;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The votes module's SQL: current votes, their history and the counts per side. */
@Repository
class VoteRepository {

    /** Rows one side's count is spread over (see V61__votes_tables.sql). */
    static final int SHARDS = 8;

    private final JdbcClient jdbc;

    VoteRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the reader may vote (confirmed), from subscribers' published view; empty when they are gone. */
    Optional<Boolean> readerConfirmed(long subscriberId) {
        return jdbc.sql("select confirmed from subscriber_recipient where subscriber_id = :id")
                .param("id", subscriberId).query(Boolean.class).optional();
    }

    Optional<Verdict> currentVote(long subscriberId, long comparisonId, long toolId) {
        return jdbc.sql("""
                select choice from vote
                 where subscriber_id = :subscriber and comparison_id = :comparison and tool_id = :tool""")
                .param("subscriber", subscriberId).param("comparison", comparisonId).param("tool", toolId)
                .query(String.class).optional().map(Verdict::fromLabel);
    }

    /** Turns the reader's vote for the other choice into this one; 1 if it did, 0 if there was none or it was this. */
    int changeVote(long subscriberId, long comparisonId, long toolId, Verdict choice, int issueNumber, Instant now) {
        return jdbc.sql("""
                update vote set choice = :choice, issue_number = :issue, voted_at = :now
                 where subscriber_id = :subscriber and comparison_id = :comparison and tool_id = :tool
                   and choice <> :choice""")
                .param("choice", choice.label()).param("issue", issueNumber).param("now", ts(now))
                .param("subscriber", subscriberId).param("comparison", comparisonId).param("tool", toolId)
                .update();
    }

    /** The reader's first vote on this tool; 0 if they already have one (a concurrent first vote fails on the unique key). */
    int insertFirstVote(long subscriberId, long comparisonId, long toolId, Verdict choice, int issueNumber, Instant now) {
        return jdbc.sql("""
                insert into vote (subscriber_id, comparison_id, tool_id, choice, issue_number, voted_at)
                select :subscriber, :comparison, :tool, :choice, :issue, :now
                 where not exists (select 1 from vote
                                    where subscriber_id = :subscriber and comparison_id = :comparison and tool_id = :tool)""")
                .param("choice", choice.label()).param("issue", issueNumber).param("now", ts(now))
                .param("subscriber", subscriberId).param("comparison", comparisonId).param("tool", toolId)
                .update();
    }

    void appendHistory(long subscriberId, long comparisonId, long toolId, Verdict choice, Verdict replaced,
                       int issueNumber, Instant now) {
        jdbc.sql("""
                insert into vote_history (subscriber_id, comparison_id, tool_id, choice, replaced, issue_number, at)
                values (:subscriber, :comparison, :tool, :choice, :replaced, :issue, :now)""")
                .param("subscriber", subscriberId).param("comparison", comparisonId).param("tool", toolId)
                .param("choice", choice.label()).param("replaced", replaced == null ? null : replaced.label())
                .param("issue", issueNumber).param("now", ts(now))
                .update();
    }

    /** Adds to one shard of a side's count; the shard's first vote inserts it (a concurrent one fails on the key). */
    void addToTally(long comparisonId, long toolId, int shard, int ship, int skip) {
        int updated = jdbc.sql("""
                update vote_tally set ship = ship + :ship, skip = skip + :skip
                 where comparison_id = :comparison and tool_id = :tool and shard = :shard""")
                .param("ship", ship).param("skip", skip)
                .param("comparison", comparisonId).param("tool", toolId).param("shard", shard)
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into vote_tally (comparison_id, tool_id, shard, ship, skip)
                    values (:comparison, :tool, :shard, :ship, :skip)""")
                    .param("comparison", comparisonId).param("tool", toolId).param("shard", shard)
                    .param("ship", ship).param("skip", skip)
                    .update();
        }
    }

    /** The figures of every side of these comparisons that has a count. */
    Map<CommunityFigures.Side, Community> tallies(Collection<Long> comparisonIds) {
        Map<CommunityFigures.Side, Community> out = new HashMap<>();
        if (comparisonIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                select comparison_id, tool_id, sum(ship) as ship, sum(skip) as skip
                  from vote_tally
                 where comparison_id in (:ids)
                 group by comparison_id, tool_id""")
                .param("ids", List.copyOf(comparisonIds))
                .query((ResultSet rs) -> {
                    Community c = new Community(rs.getInt("ship"), rs.getInt("skip"));
                    if (c.hasVotes()) {
                        out.put(new CommunityFigures.Side(rs.getLong("comparison_id"), rs.getLong("tool_id")), c);
                    }
                });
        return out;
    }

    /** Sets a side's figures: its shards go, shard 0 holds them. */
    void replaceTally(CommunityFigures.Side side, Community figures) {
        jdbc.sql("delete from vote_tally where comparison_id = :comparison and tool_id = :tool")
                .param("comparison", side.comparisonId()).param("tool", side.toolId()).update();
        if (figures.hasVotes()) {
            jdbc.sql("""
                    insert into vote_tally (comparison_id, tool_id, shard, ship, skip)
                    values (:comparison, :tool, 0, :ship, :skip)""")
                    .param("comparison", side.comparisonId()).param("tool", side.toolId())
                    .param("ship", figures.ship()).param("skip", figures.skip())
                    .update();
        }
    }

    /** The reader's votes and history stay, without the link to them. @return rows changed */
    int deidentify(long subscriberId) {
        return jdbc.sql("update vote set subscriber_id = null where subscriber_id = :id").param("id", subscriberId).update()
                + jdbc.sql("update vote_history set subscriber_id = null where subscriber_id = :id")
                .param("id", subscriberId).update();
    }

    /** One entry of the history as the changes API shows it: no reader. */
    record Change(long id, Instant at, int issueNumber, long comparisonId, long toolId, Verdict choice,
                  Verdict replaced) {
    }

    /** Where an entry stands in time order: the key the page after it starts from. */
    record Position(Instant at, long id) {
    }

    Optional<Position> position(long historyId) {
        return jdbc.sql("select at, id from vote_history where id = :id").param("id", historyId)
                .query((rs, n) -> new Position(instant(rs, "at"), rs.getLong("id"))).optional();
    }

    /** History entries after {@code since} (exclusive) and after {@code after}, oldest first. */
    List<Change> changes(Instant since, Position after, int limit) {
        Position from = after == null ? new Position(BEGINNING, 0) : after;
        return jdbc.sql("""
                select id, at, issue_number, comparison_id, tool_id, choice, replaced
                  from vote_history
                 where at > :since
                   and (at > :afterAt or (at = :afterAt and id > :afterId))
                 order by at, id fetch first :limit rows only""")
                .param("since", ts(since == null ? BEGINNING : since))
                .param("afterAt", ts(from.at())).param("afterId", from.id()).param("limit", limit)
                .query((rs, n) -> new Change(rs.getLong("id"), instant(rs, "at"), rs.getInt("issue_number"),
                        rs.getLong("comparison_id"), rs.getLong("tool_id"), Verdict.fromLabel(rs.getString("choice")),
                        Verdict.fromLabel(rs.getString("replaced"))))
                .list();
    }

    long countVotes() {
        return jdbc.sql("select count(*) from vote").query(Long.class).single();
    }

    private static final Instant BEGINNING = Instant.parse("0001-01-01T00:00:00Z");
}
