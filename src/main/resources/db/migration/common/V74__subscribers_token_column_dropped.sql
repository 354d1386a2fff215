-- The column token goes: it held release 0.1's link tokens until V62 moved them to their SHA-256
-- (legacy_token_hash) and has been null since. The view subscriber_recipient named it, so the view
-- is made again without it (PostgreSQL cannot drop a view's column in place); its other columns
-- keep their names and order.
drop view subscriber_recipient;
alter table subscriber drop column token;
create view subscriber_recipient as
select id                                          as subscriber_id,
       email,
       name,
       categories,
       text_only,
       case when status = 'confirmed' then true else false end as confirmed,
       paused_until,
       show_votes,
       time_zone
  from subscriber;
