package com.verdictdigest.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.verdictdigest.system.SqlTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The record of refused logins ({@code web_login_failure}), for the admin's "Logins" page. */
@Repository
public class LoginAudit {

    static final Duration KEPT = Duration.ofDays(90);

    /** One refused login. */
    public record Failure(Instant at, String username, String clientAddress, String outcome) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    LoginAudit(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    void record(String username, String clientAddress, String outcome) {
        Instant now = SqlTime.now(clock);
        jdbc.sql("""
                insert into web_login_failure (at, username, client_address, outcome)
                values (:at, :username, :address, :outcome)""")
                .param("at", SqlTime.ts(now))
                .param("username", cut(username == null ? "" : username, 100))
                .param("address", cut(clientAddress == null ? "?" : clientAddress, 64))
                .param("outcome", outcome)
                .update();
        jdbc.sql("delete from web_login_failure where at < :before").param("before", SqlTime.ts(now.minus(KEPT))).update();
    }

    public List<Failure> recent(int limit) {
        return jdbc.sql("""
                select at, username, client_address, outcome
                  from web_login_failure
                 order by at desc, id desc
                 fetch first :limit rows only""")
                .param("limit", limit)
                .query((rs, n) -> new Failure(SqlTime.instant(rs, "at"), rs.getString("username"),
                        rs.getString("client_address"), rs.getString("outcome")))
                .list();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
