-- When the last soft bounce came: soft bounces count "in a row" only while they keep coming (the
-- window, verdict.delivery.bounces.soft-bounce-window); a quiet spell starts the count again.
alter table subscriber add column soft_bounce_at timestamp with time zone;
