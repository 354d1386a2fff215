-- The admin list's search by domain ("example.org" finds every address @example.org): the part of
-- the address key after the '@', on an index with the key itself, so a domain's addresses come in
-- address order, a page at a time, like the prefix search (keyset on email_key).
alter table subscriber add column domain_key varchar(320)
    generated always as (substring(email_key from position('@' in email_key) + 1));
create index subscriber_domain_idx on subscriber (domain_key, email_key);
