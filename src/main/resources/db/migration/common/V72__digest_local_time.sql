-- How an issue goes out, chosen when it is approved: to everyone at once (null) or at HH:MM in
-- each reader's time zone (local-time delivery, see delivery_send.local_time).
alter table digest_issue add column local_time varchar(5);
-- When the issue became public in the archive: when its first mail went out (a local-time send's
-- first wave), or when its send finished, whichever came first. Issues sent before this column
-- existed were public from their last change (being sent).
alter table digest_issue add column published_at timestamp with time zone;
update digest_issue set published_at = updated_at where state = 'sent';
