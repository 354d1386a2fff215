package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.verdictdigest.support.Identity;
import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.DatabaseMigrations;
import com.verdictdigest.system.MigrationUpgradeTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Links in mail sent by release 0.1 carry its random token, which that release stored in plain
 * text. After the upgrade only the token's SHA-256 is kept, and the old link (unsubscribe page,
 * one-click, the List-Unsubscribe mailto, the VERP Return-Path) still finds its subscriber.
 */
class LegacyLinksAfterUpgradeTest {

    /** A token as release 0.1 made them: 32 random bytes in base64url. */
    static final String OLD_TOKEN = "kF3-pQ9xVb7_Lm2NzR8sT4uW6yA1cE5gH0jK9oI2qDw";

    @StoreTest
    void anOldLinkStillUnsubscribesAfterTheUpgradeAndNoTableHoldsTheToken(TestDatabase db) throws Exception {
        DataSource ds = MigrationUpgradeTest.release01(db);
        JdbcClient jdbc = JdbcClient.create(ds);
        jdbc.sql("""
                insert into subscriber (email, email_key, name, status, token, created_at, updated_at, confirmed_at)
                values ('hedy@example.com', 'hedy@example.com', 'Hedy', 'confirmed', :token, :t, :t, :t)""")
                .param("token", OLD_TOKEN).param("t", java.sql.Timestamp.from(Instant.parse("2026-11-01T00:00:00Z"))).update();
        jdbc.sql("""
                insert into delivery_send (issue_number, state, recipients, started_at, updated_at)
                values (1, 'done', 1, current_timestamp, current_timestamp)""").update();
        jdbc.sql("""
                insert into delivery_ledger (issue_number, subscriber_id, email, token, state, attempts, next_attempt_at)
                select 1, id, email, token, 'sent', 1, current_timestamp from subscriber""").update();

        DatabaseMigrations.migrate(ds);

        assertThat(columnsHolding(ds, OLD_TOKEN)).as("no column keeps the token").isEmpty();
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
        SubscriberRepository repository = new SubscriberRepository(ds, Identity.tokens());
        assertThat(repository.findByToken(OLD_TOKEN)).map(Subscriber::email).contains("hedy@example.com");
        UnsubscribeService unsubscribes = new UnsubscribeService(repository, clock);
        assertThat(new SubscriberBounces(repository, new Suppressions(repository, clock), unsubscribes, clock).findByVerpToken(OLD_TOKEN))
                .as("a bounce to the old VERP address").map(Subscriber::email).contains("hedy@example.com");
        assertThat(repository.findByToken(OLD_TOKEN.substring(1))).isEmpty();

        assertThat(unsubscribes.unsubscribe(OLD_TOKEN, "192.0.2.7", "mail client", "one-click"))
                .isEqualTo(UnsubscribeService.Result.UNSUBSCRIBED);
        assertThat(jdbc.sql("select status from subscriber").query(String.class).single()).isEqualTo("unsubscribed");
        // New links of the same subscriber work too; they are the server's MAC of the id.
        String current = repository.findByEmailKey("hedy@example.com").orElseThrow().token();
        assertThat(current).isNotEqualTo(OLD_TOKEN);
        assertThat(repository.findByToken(current)).map(Subscriber::email).contains("hedy@example.com");
    }

    /** "table.column" of every character column of every table whose value contains {@code needle}. */
    static List<String> columnsHolding(DataSource ds, String needle) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = ds.getConnection(); ResultSet cols = c.getMetaData().getColumns(null, c.getSchema(), "%", "%")) {
            while (cols.next()) {
                int type = cols.getInt("DATA_TYPE");
                if (type != java.sql.Types.VARCHAR && type != java.sql.Types.CLOB && type != java.sql.Types.CHAR) {
                    continue;
                }
                String table = cols.getString("TABLE_NAME");
                String column = cols.getString("COLUMN_NAME");
                String q = c.getMetaData().getIdentifierQuoteString();
                try (ResultSet rs = c.createStatement().executeQuery("select " + q + column + q + " from " + q + table + q)) {
                    while (rs.next()) {
                        String v = rs.getString(1);
                        if (v != null && v.contains(needle)) {
                            found.add(table + "." + column);
                        }
                    }
                }
            }
        }
        return found;
    }
}
