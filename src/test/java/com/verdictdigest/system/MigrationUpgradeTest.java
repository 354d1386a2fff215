package com.verdictdigest.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import com.verdictdigest.support.StoreTest;
import com.verdictdigest.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreMigrationType;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database made by release 0.1 (its migrations are kept as a fixture under
 * {@code db/releases/v0_1}, its Java migration among the test classes), holding data, upgrades
 * to this tree: it validates, keeps every row, and ends with the schema of a fresh install.
 */
public class MigrationUpgradeTest {

    static final OffsetDateTime T = OffsetDateTime.parse("2026-11-23T08:00:00Z");

    /** A database as release 0.1 left it. */
    public static DataSource release01(TestDatabase db) {
        DataSource ds = db.empty();
        String vendor = DatabaseMigrations.vendor(ds);
        Flyway.configure().dataSource(ds)
                .locations("classpath:db/releases/v0_1/common", "classpath:db/releases/v0_1/" + vendor)
                .load().migrate();
        return ds;
    }

    /** Today's tree on the same database, with validation as the application does it. */
    static Flyway current(DataSource ds) {
        return DatabaseMigrations.configure(Flyway.configure().dataSource(ds)).load();
    }

    /** A row in every table of release 0.1 (Quartz's aside: the scheduler rewrites them at start-up). */
    static void someData(JdbcClient jdbc) {
        jdbc.sql("""
                insert into tool (name_key, slug, name, category, pricing, community_pct, first_seen_at, updated_at)
                values ('alpha', 'alpha', 'Alpha', 'Developer Tools', 'Free', 80, :t, :t),
                       ('beta', 'beta', 'Beta', 'Developer Tools', 'Paid', null, :t, :t)""").param("t", T).update();
        jdbc.sql("""
                insert into comparison (slug, tool_a_id, tool_b_id, published_at, updated_at)
                select 'alpha-vs-beta', a.id, b.id, :t, :t from tool a, tool b
                 where a.name_key = 'alpha' and b.name_key = 'beta'""").param("t", T).update();
        jdbc.sql("""
                insert into comparison_side (comparison_id, side, tool_id, verdict, ship_count, skip_count, ship_pct)
                select c.id, 'A', c.tool_a_id, 'ship', 4, 0, 100 from comparison c""").update();
        jdbc.sql("""
                insert into review (comparison_id, tool_id, persona, body, score, verdict)
                select c.id, c.tool_a_id, 'Builder', 'Solid primitive.', 90, 'ship' from comparison c""").update();
        jdbc.sql("""
                insert into digest_issue (number, state, subject, window_start, window_end, snapshot, created_at, updated_at)
                values (1, 'sent', 'Verdict Digest #1', :w, :t, '{"items":[]}', :t, :t)""")
                .param("w", T.minusDays(7)).param("t", T).update();
        jdbc.sql("""
                insert into digest_issue_item (issue_id, kind, ref_id, position)
                select i.id, 'comparison', c.id, 0 from digest_issue i, comparison c""").update();
        jdbc.sql("""
                insert into digest_issue_event (issue_id, at, actor, action, from_state, to_state)
                select id, :t, 'editor', 'approve', 'draft', 'approved' from digest_issue""").param("t", T).update();
        jdbc.sql("""
                insert into digest_window_run (window_start, window_end, outcome, issue_number, at)
                values (:w, :t, 'issue', 1, :t)""").param("w", T.minusDays(7)).param("t", T).update();
        jdbc.sql("""
                insert into subscriber (email, email_key, name, status, token, categories, soft_bounces, soft_bounce_at,
                                        created_at, updated_at, confirmed_at)
                values ('Ada@Example.com', 'ada@example.com', 'Ada Lovelace', 'confirmed', 'tok-ada', 'Developer Tools', 1, :t,
                        :t, :t, :t),
                       ('bob@example.com', 'bob@example.com', null, 'pending', 'tok-bob', null, 0, null, :t, :t, null)""")
                .param("t", T).update();
        jdbc.sql("""
                insert into subscriber_event (subscriber_id, at, kind, status_after, ip, form, consent_text, consent_version)
                select id, :t, 'signup', status, '192.0.2.1', 'signup-page', 'Yes, email me.', '2026-11' from subscriber""")
                .param("t", T).update();
        jdbc.sql("""
                insert into confirmation_token (token_hash, subscriber_id, created_at, expires_at)
                select 'h-' || token, id, :t, :e from subscriber where status = 'pending'""")
                .param("t", T).param("e", T.plusHours(48)).update();
        jdbc.sql("insert into suppression (email_hash, reason, created_at, detail) values ('0f0f', 'erased', :t, 'Art. 17')")
                .param("t", T).update();
        jdbc.sql("""
                insert into delivery_send (issue_number, state, recipients, started_at, updated_at, finished_at)
                values (1, 'done', 1, :t, :t, :t)""").param("t", T).update();
        jdbc.sql("""
                insert into delivery_ledger (issue_number, subscriber_id, email, token, state, attempts, next_attempt_at,
                                             smtp_reply, message_id, sent_at)
                select 1, id, email, token, 'sent', 1, :t, '250 2.0.0 Ok', '<digest-1-' || id || '@verdicts.example.com>', :t
                  from subscriber where status = 'confirmed'""").param("t", T).update();
        jdbc.sql("insert into processed_bounce (message_hash, processed_at, summary) values ('abab', :t, 'hard 5.1.1: no such user')")
                .param("t", T).update();
        jdbc.sql("""
                insert into schedule_run (scheduled_for, fired_at, outcome, detail, instance)
                values (:t, :t, 'ran', 'issue 1 approved by itself', 'host-1')""").param("t", T).update();
    }

    @StoreTest
    void aRelease01DatabaseUpgradesValidatesAndKeepsEveryRow(TestDatabase db) throws SQLException {
        DataSource ds = release01(db);
        someData(JdbcClient.create(ds));
        Map<String, List<String>> before = rows(ds);
        assertThat(before.values()).as("a row in every table").allSatisfy(r -> assertThat(r).isNotEmpty());

        DatabaseMigrations.migrate(ds);

        assertThat(current(ds).validateWithResult().validationSuccessful).isTrue();
        Map<String, List<String>> after = rows(ds);
        // Columns added or dropped since (link tokens are no longer stored, see below) and values
        // changed on purpose aside, every row keeps every value.
        before.forEach((table, rows) -> assertThat(shared(after.get(table), rows, table)).as(table)
                .isEqualTo(shared(rows, after.get(table), table)));
        assertThat(after.get("processed_bounce")).singleElement().asString().contains(" summary=hard 5.1.1 ");
        assertThat(after.get("subscriber")).noneMatch(r -> r.contains(" token=")).anyMatch(r -> r.contains(" legacy_token_hash="));
        assertThat(after.get("delivery_ledger")).noneMatch(r -> r.contains(" token="));
        MigrationInfo v321 = Arrays.stream(current(ds).info().applied())
                .filter(m -> m.getVersion().getVersion().equals("3.21")).findFirst().orElseThrow();
        assertThat(v321.getType()).isEqualTo(CoreMigrationType.SQL);
        assertThat(JdbcClient.create(ds).sql("select email_key from subscriber where name_key like 'ada%'")
                .query(String.class).list()).as("the admin search's column").containsExactly("ada@example.com");
    }

    @StoreTest
    void anUpgradedDatabaseHasTheSchemaOfAFreshInstall(TestDatabase db) throws SQLException {
        DataSource upgraded = release01(db);
        DatabaseMigrations.migrate(upgraded);
        DataSource fresh = db.fresh();

        SortedSet<String> expected = schema(fresh);
        assertThat(expected).as("the snapshot sees the schema").anyMatch(s -> s.contains("subscriber_name_prefix_idx"));
        assertThat(schema(upgraded)).isEqualTo(expected);
    }

    @StoreTest
    void aReleasedMigrationEditedSinceStillFailsValidation(TestDatabase db) {
        DataSource ds = release01(db);
        // As if V1.1 had been edited after the release: realigning V3.21 must not hide that.
        JdbcClient.create(ds).sql("update \"flyway_schema_history\" set \"checksum\" = \"checksum\" + 1 where \"version\" = '1.1'")
                .update();

        assertThatThrownBy(() -> DatabaseMigrations.migrate(ds)).isInstanceOf(FlywayValidateException.class)
                .hasMessageContaining("1.1");
    }

    @StoreTest
    void aJavaMigrationV321OtherThanRelease01sIsNotRealigned(TestDatabase db) {
        DataSource ds = release01(db);
        JdbcClient jdbc = JdbcClient.create(ds);
        jdbc.sql("update \"flyway_schema_history\" set \"description\" = 'something else' where \"version\" = '3.21'").update();

        assertThatThrownBy(() -> DatabaseMigrations.migrate(ds)).isInstanceOf(FlywayValidateException.class)
                .hasMessageContaining("3.21");
        assertThat(jdbc.sql("select \"type\" from \"flyway_schema_history\" where \"version\" = '3.21'")
                .query(String.class).single()).isEqualTo("JDBC");
    }

    @Test
    void theApplicationUpgradesARelease01DatabaseWhenItStarts() {
        String url = TestDatabase.H2.freshUrl();
        DataSource ds = release01At(url);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
                .withUserConfiguration(MigrationConfig.class)
                .withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=sa")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(current(ds).validateWithResult().validationSuccessful).isTrue();
                });
    }

    static DataSource release01At(String url) {
        DriverManagerDataSource ds = new DriverManagerDataSource(url, "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/releases/v0_1/common", "classpath:db/releases/v0_1/h2")
                .load().migrate();
        return ds;
    }

    /**
     * Every row of every table but Flyway's and Quartz's, as text, in a stable order: each row's
     * columns in name order ("name=value "), as a migration that rebuilds a table may reorder them.
     */
    static Map<String, List<String>> rows(DataSource ds) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = ds.getConnection()) {
            for (String table : tables(c)) {
                if (table.startsWith("qrtz_")) {
                    continue;
                }
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("select * from " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        TreeMap<String, Object> columns = new TreeMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
                            Object v = rs.getObject(i);
                            Object shown = v instanceof java.sql.Timestamp || v instanceof OffsetDateTime
                                    ? rs.getObject(i, OffsetDateTime.class).toInstant() : v;
                            columns.put(name, shown);
                        }
                        StringBuilder row = new StringBuilder();
                        columns.forEach((name, shown) -> row.append(name).append('=').append(shown).append(' '));
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                out.put(table, rows);
            }
        }
        return out;
    }

    /** The rows with only the columns the other snapshot's rows have too ("name=value " pairs, in order). */
    static List<String> shared(List<String> rows, List<String> other, String table) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String r : other) {
            java.util.regex.Matcher m = COLUMN.matcher(r);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        names.removeAll(CHANGED_SINCE_0_1.getOrDefault(table, Set.of()));
        return rows.stream().map(r -> {
            StringBuilder kept = new StringBuilder();
            java.util.regex.Matcher m = COLUMN.matcher(r);
            int last = 0;
            String name = null;
            while (m.find()) {
                if (name != null && names.contains(name)) {
                    kept.append(r, last, m.start());
                }
                name = m.group(1);
                last = m.start();
            }
            if (name != null && names.contains(name)) {
                kept.append(r.substring(last));
            }
            return kept.toString().strip();
        }).sorted().toList();
    }

    /** Values a later migration changes on purpose (a bounce summary loses its diagnostic text, which may name the address). */
    static final Map<String, Set<String>> CHANGED_SINCE_0_1 = Map.of("processed_bounce", Set.of("summary"));

    /** A column's start in a row of {@link #rows}: its name, at the start or after a blank. */
    private static final java.util.regex.Pattern COLUMN = java.util.regex.Pattern.compile("(?:^| )([a-z_]+)=");

    /**
     * H2 names the indexes of unnamed keys after the table's internal id ({@code primary_key_5c},
     * {@code subscriber_token_uq_index_3}), which changes when a migration rebuilds the table (an
     * added column): the same index, named by its order of creation, not by the schema.
     */
    static String generatedName(String index) {
        return index.replaceAll("^(primary_key|.+_index)_[0-9a-f]+$", "$1");
    }

    /** Tables, columns (type, size, nullability, default, collation), keys and indexes, from JDBC metadata. */

    static SortedSet<String> schema(DataSource ds) throws SQLException {
        SortedSet<String> out = new TreeSet<>();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            String schema = c.getSchema();
            for (String table : tables(c)) {
                String t = exact(md, table);
                try (ResultSet rs = md.getColumns(null, schema, t, "%")) {
                    while (rs.next()) {
                        out.add("column " + table + "." + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT) + " "
                                + rs.getString("TYPE_NAME") + "(" + rs.getInt("COLUMN_SIZE") + "," + rs.getInt("DECIMAL_DIGITS") + ")"
                                + " nullable=" + rs.getString("IS_NULLABLE") + " default=" + rs.getString("COLUMN_DEF")
                                + " generated=" + rs.getString("IS_GENERATEDCOLUMN"));
                    }
                }
                try (ResultSet rs = md.getPrimaryKeys(null, schema, t)) {
                    while (rs.next()) {
                        out.add("pk " + table + " " + rs.getShort("KEY_SEQ") + ":" + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
                try (ResultSet rs = md.getImportedKeys(null, schema, t)) {
                    while (rs.next()) {
                        out.add("fk " + table + "." + rs.getString("FKCOLUMN_NAME").toLowerCase(Locale.ROOT) + " -> "
                                + rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT) + "."
                                + rs.getString("PKCOLUMN_NAME").toLowerCase(Locale.ROOT) + " on delete " + rs.getShort("DELETE_RULE"));
                    }
                }
                try (ResultSet rs = md.getIndexInfo(null, schema, t, false, false)) {
                    while (rs.next()) {
                        if (rs.getString("INDEX_NAME") != null) {
                            out.add("index " + table + " " + generatedName(rs.getString("INDEX_NAME").toLowerCase(Locale.ROOT))
                                    + " unique=" + !rs.getBoolean("NON_UNIQUE") + " " + rs.getShort("ORDINAL_POSITION") + ":"
                                    + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
            // Collations are not in JDBC's metadata; both stores have them in information_schema.
            try (ResultSet rs = c.createStatement().executeQuery("""
                    select table_name, column_name, collation_name from information_schema.columns
                     where lower(table_schema) = lower(current_schema) and collation_name is not null""")) {
                while (rs.next()) {
                    out.add("collation " + rs.getString(1).toLowerCase(Locale.ROOT) + "." + rs.getString(2).toLowerCase(Locale.ROOT)
                            + " " + rs.getString(3));
                }
            }
        }
        return out;
    }

    /** The product's tables in lower case, Flyway's history aside. */
    static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!name.equals("flyway_schema_history")) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return names;
    }

    /** The name as the store keeps it: H2 upper-cases unquoted names, PostgreSQL lower-cases them. */
    static String exact(DatabaseMetaData md, String lower) throws SQLException {
        return md.storesUpperCaseIdentifiers() ? lower.toUpperCase(Locale.ROOT) : lower;
    }
}
