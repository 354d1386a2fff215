-- Each reader's time zone, for local-time delivery (an issue goes out at 08:00 in every reader's
-- zone). An IANA region id as the JDK knows it (Europe/Berlin), taken from the browser at sign-up,
-- chosen on the preferences page or given in a CSV import. Null: not known; such a reader gets the
-- list's default zone (verdict.subscribers.default-time-zone) at the moment a send starts.
alter table subscriber add column time_zone varchar(64);
-- The admin list's filter by zone, keyset-paged like the status filter.
create index subscriber_time_zone_id_idx on subscriber (time_zone, id);

-- The read API of delivery gains the zone (columns are only ever added at the end).
create or replace view subscriber_recipient as
select id                                          as subscriber_id,
       email,
       token,
       name,
       categories,
       text_only,
       case when status = 'confirmed' then true else false end as confirmed,
       paused_until,
       show_votes,
       time_zone
  from subscriber;

-- A sign-up request carries the browser's zone until the outbox works it.
alter table subscriber_outbox add column time_zone varchar(64);
