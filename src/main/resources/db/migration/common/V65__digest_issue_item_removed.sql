-- An editor's removal of an item from a draft is undoable until approval: the row stays, marked
-- with when it was removed; putting it back clears the mark. Only unmarked items are in the issue.
alter table digest_issue_item add column removed_at timestamp with time zone;
