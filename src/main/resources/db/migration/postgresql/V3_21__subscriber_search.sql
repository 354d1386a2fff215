-- Prefix search of the admin list (address or name) on an index, at millions of rows.
-- PostgreSQL only uses a b-tree for LIKE 'abc%' or a prefix range when the column compares binary
-- (collation "C", as H2 does anyway; the address key is ASCII, so nothing else changes).
-- (Release 0.1 ran this as the Java migration db.migration.V3_21__subscriber_search;
-- system/DatabaseMigrations realigns such a database's history with this file.)
alter table subscriber alter column email_key type varchar(320) collate "C";
alter table subscriber add column name_key varchar(200) collate "C" generated always as (lower(name)) stored;
create index subscriber_name_prefix_idx on subscriber (name_key, id);
