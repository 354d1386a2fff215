package com.verdictdigest.schedule;

import java.time.Instant;
import java.util.List;

import com.verdictdigest.system.SqlTime;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The record of weekly fires (table schedule_run): one row per scheduled time. */
@Repository
public class ScheduleRuns {

    /** One fire as recorded. */
    public record Run(Instant scheduledFor, Instant firedAt, String outcome, String detail, String instance) {
    }

    private final JdbcClient jdbc;

    public ScheduleRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false if this scheduled time was already taken by an earlier fire (of any instance) */
    public boolean begin(Instant scheduledFor, Instant now, String outcome, String detail, String instance) {
        try {
            return jdbc.sql("""
                    insert into schedule_run (scheduled_for, fired_at, outcome, detail, instance)
                    select :scheduled, :now, :outcome, :detail, :instance from (values (1)) as one (x)
                     where not exists (select 1 from schedule_run where scheduled_for = :scheduled)""")
                    .param("scheduled", SqlTime.ts(scheduledFor)).param("now", SqlTime.ts(now))
                    .param("outcome", outcome).param("detail", truncate(detail)).param("instance", instance)
                    .update() > 0;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public void finish(Instant scheduledFor, String outcome, String detail) {
        jdbc.sql("update schedule_run set outcome = :outcome, detail = :detail where scheduled_for = :scheduled")
                .param("outcome", outcome).param("detail", truncate(detail)).param("scheduled", SqlTime.ts(scheduledFor))
                .update();
    }

    public List<Run> recent(int limit) {
        return jdbc.sql("select * from schedule_run order by scheduled_for desc fetch first :limit rows only")
                .param("limit", limit)
                .query((rs, n) -> new Run(SqlTime.instant(rs, "scheduled_for"), SqlTime.instant(rs, "fired_at"),
                        rs.getString("outcome"), rs.getString("detail"), rs.getString("instance")))
                .list();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
