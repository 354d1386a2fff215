-- Local-time delivery: a send goes out to everyone at once (as before), or at HH:MM in each
-- reader's time zone, in waves: one per instant at which HH:MM comes in some readers' zone.

-- HH:MM of a local-time send; null: everyone at once.
alter table delivery_send add column local_time varchar(5);
-- When the send's first mail was accepted by the SMTP server: the issue is out (the archive shows it).
alter table delivery_send add column went_out_at timestamp with time zone;

-- When each row became or becomes due: its wave. next_attempt_at starts equal to it and moves on
-- with retries; due_at stays, so the waves can be counted (sent, remaining) to the end.
alter table delivery_ledger add column due_at timestamp with time zone;
update delivery_ledger
   set due_at = (select s.started_at from delivery_send s where s.issue_number = delivery_ledger.issue_number);
alter table delivery_ledger alter column due_at set not null;

-- Claims take only rows that are due: the index is read from (issue, 'queued', earliest due) and a
-- claim stops after its batch, however many rows of later waves wait behind them (a million rows,
-- 24 waves). It replaces (issue_number, state, id), whose walk had to pass every row not yet due.
drop index delivery_ledger_claim_idx;
create index delivery_ledger_due_idx on delivery_ledger (issue_number, state, next_attempt_at, id);

-- The zones of a local-time send, written when it starts: when each zone's readers are due, and
-- how many they were. A wave is the zones that share a due instant. The enqueue joins this table
-- to give each ledger row its due instant in the one insert ... select of the whole list.
create table delivery_wave_zone (
    issue_number  bigint not null references delivery_send (issue_number),
    time_zone     varchar(64) not null,                 -- as the readers' rows have it (null: the default zone's id)
    due_at        timestamp with time zone not null,
    recipients    integer not null,
    primary key (issue_number, time_zone)
);
