-- The ledger no longer copies the subscriber's link token: the sender recomputes it from the id
-- (subscribers.SubscriberTokens), so no delivery row holds a working link.
alter table delivery_ledger drop column token;

-- What came back for each copy, tied to it by its VERP token or Message-ID (never by an address
-- alone): the worst so far (soft < hard < complaint) and its reason ("user unknown", "mailbox
-- full", ...); a hard bounce refused while sending counts too.
alter table delivery_ledger add column feedback varchar(16);
alter table delivery_ledger add column feedback_reason varchar(60);
alter table delivery_ledger add constraint delivery_ledger_feedback_ck check (feedback in ('soft', 'hard', 'complaint'));

-- Per send: copies with a hard bounce and with a complaint, kept as counters so the guard that
-- pauses a send with too many of them reads one row; and which of its rules paused the send
-- already (a send resumed after such a pause is not paused again by the same rule).
alter table delivery_send add column hard_bounces integer default 0 not null;
alter table delivery_send add column complaints integer default 0 not null;
alter table delivery_send add column guard_tripped varchar(100);
