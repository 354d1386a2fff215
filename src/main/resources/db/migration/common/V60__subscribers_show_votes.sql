-- "Show votes in my digest": a reader may turn the Ship/Skip links off (preferences page).
-- The recipient view gains the column, at its end, for delivery's claim.
alter table subscriber add column show_votes boolean default true not null;

create or replace view subscriber_recipient as
select id                                          as subscriber_id,
       email,
       token,
       name,
       categories,
       text_only,
       case when status = 'confirmed' then true else false end as confirmed,
       paused_until,
       show_votes
  from subscriber;
