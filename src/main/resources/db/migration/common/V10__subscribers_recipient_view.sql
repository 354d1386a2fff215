-- Subscribers' read API for delivery (owned by subscribers; only subscribers writes subscriber*).
-- The send's enqueue and claim stay set-based (one insert ... select for a million rows, one join
-- per claimed batch) but read this view, not the subscriber table: what a copy needs, and whether
-- the person may be mailed. Columns may be added; none is renamed or dropped without delivery.
create view subscriber_recipient as
select id                                          as subscriber_id,
       email,
       token,
       name,
       categories,
       text_only,
       case when status = 'confirmed' then true else false end as confirmed,
       paused_until
  from subscriber;
