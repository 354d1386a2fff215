-- Link tokens are no longer stored: subscribers.SubscriberTokens recomputes each one from the id
-- and the server's secret (a MAC), so no table holds a working unsubscribe or preferences link.
-- Tokens of release 0.1 are in mail already sent (links, the List-Unsubscribe mailto, the VERP
-- Return-Path): they keep working, found by their SHA-256 (hex), the only form kept of them.
-- The column token stays, always null, because the view subscriber_recipient (recreated by V60 before
-- this and by V70 after) still names it; nothing reads it. The SQL differs only in how each store
-- computes SHA-256 and drops NOT NULL.
alter table subscriber add column legacy_token_hash varchar(64);
update subscriber set legacy_token_hash = lower(rawtohex(hash('SHA-256', token)));
alter table subscriber drop constraint subscriber_token_uq;
alter table subscriber alter column token set null;
update subscriber set token = null;
alter table subscriber add constraint subscriber_legacy_token_hash_uq unique (legacy_token_hash);
