-- A claim now reads its rows back by id, and giving a claim back looks among the issue's claimed
-- rows (the due index): this index only cost a write per claimed row, on the send's hot path.
drop index delivery_ledger_claimed_by_idx;
