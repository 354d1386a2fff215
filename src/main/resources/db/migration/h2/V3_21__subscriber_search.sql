-- Prefix search of the admin list (address or name) on an index, at millions of rows.
-- H2 turns LIKE 'abc%' into a range scan and compares binary anyway; email_key already has its
-- unique index. (Release 0.1 ran this as the Java migration db.migration.V3_21__subscriber_search;
-- system/DatabaseMigrations realigns such a database's history with this file.)
alter table subscriber add column name_key varchar(200) generated always as (lower(name));
create index subscriber_name_prefix_idx on subscriber (name_key, id);
