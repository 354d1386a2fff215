-- The rate over the last minute is now counted in the same pass as the rows per state, so this
-- index only cost a write on every "sent" mark, the send's hot path.
drop index delivery_ledger_sent_at_idx;
