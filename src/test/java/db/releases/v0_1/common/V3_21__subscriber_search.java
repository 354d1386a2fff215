// Release 0.1's Java migration, kept unchanged (but for this package) as a fixture of the upgrade tests.
package db.releases.v0_1.common;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Prefix search of the admin list (address or name) on an index, at millions of rows. A Java
 * migration because the two stores need different DDL: PostgreSQL only uses a b-tree for
 * {@code LIKE 'abc%'} or a prefix range when the column compares binary (collation "C", which
 * H2 does anyway; the address key is ASCII, so nothing else changes), and H2 spells stored
 * generated columns and collations differently. The SQL that queries these columns is the same
 * on both.
 */
public class V3_21__subscriber_search extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        try (Statement s = c.createStatement()) {
            if (postgres) {
                // Binary ("C") order, as on H2: LIKE 'abc%' and ranges use the plain b-tree indexes.
                s.execute("alter table subscriber alter column email_key type varchar(320) collate \"C\"");
                s.execute("alter table subscriber add column name_key varchar(200) collate \"C\" generated always as (lower(name)) stored");
                s.execute("create index subscriber_name_prefix_idx on subscriber (name_key, id)");
            } else {
                // H2 turns LIKE 'abc%' into a range scan; email_key already has its unique index.
                s.execute("alter table subscriber add column name_key varchar(200) generated always as (lower(name))");
                s.execute("create index subscriber_name_prefix_idx on subscriber (name_key, id)");
            }
        }
    }
}
