-- Every run of the digest shows in the editor's pages and `digest list`: who closed the window (the
-- weekly job at its scheduled time, an editor, a command) and what came of it, including the weekly
-- fires that closed nothing: skipped (fired too late after a downtime) or failed. The outcome's
-- check gains those two values (the column is rebuilt: H2 gave the old check no known name).
alter table digest_window_run add column actor varchar(200);
alter table digest_window_run add column scheduled_for timestamp with time zone;
alter table digest_window_run add column detail varchar(2000);
alter table digest_window_run add column result varchar(10);
update digest_window_run set result = outcome, actor = 'system';
alter table digest_window_run drop column outcome;
alter table digest_window_run rename column result to outcome;
alter table digest_window_run alter column outcome set not null;
alter table digest_window_run alter column actor set not null;
alter table digest_window_run add constraint digest_window_run_outcome_ck
    check (outcome in ('issue', 'nothing', 'skipped', 'failed'));
create index digest_window_run_at_idx on digest_window_run (at);
