-- Posts update their dialog row in place (issue 17, PostgreSQL CPU per post; docs/performance.md "PostgreSQL per post
-- (postpg)"). Every post sets dialogs.last_seq, last_message_at, last_message_preview, last_message_sender and
-- updated_at. V1's dialogs_assistant_activity_idx (assistant_id, last_message_at DESC NULLS LAST, id DESC) held
-- last_message_at, so no post's update could be HOT: each one wrote a new dialogs tuple plus an entry in every dialogs
-- index (the primary key, open_guest_uidx, open_assistant_idx, assignee_open_idx and that one), and the unique index's
-- check walked the dialog's dead versions until vacuum came. Yet that index never served the order it was built for:
-- the dialog list and search order by COALESCE(last_message_at, created_at) DESC, id DESC (DialogRepository.list,
-- DialogSearch), which it cannot give, so its only use was finding an assistant's dialogs, and it had no scan at all in
-- an S1 run. dialogs_assistant_idx (assistant_id) takes that use (an assistant's list or search over every status, and
-- ON DELETE CASCADE from assistants) on a column no post changes. With no indexed column changed, a post's update is a
-- HOT update: the new version goes on the same page, no index is touched. Measured in S1 (500 dialogs, 500 msg/s,
-- pg_stat_statements, docs/performance.md "PostgreSQL per post (postpg)"): dialogs updates 0 % -> 100 % HOT, WAL
-- 1528 -> 1035 B and 14.9 -> 9.6 records per message, the post statement's buffer hits 46 -> 33; PostgreSQL's CPU per
-- post in a paced loop of the post statement on this schema 294-300 -> 270-282 us (-7 %). No fillfactor needed: the
-- pages' own pruning kept 99-100 % of the updates HOT at the default fillfactor.
--
-- Large tables: both statements run CONCURRENTLY (like V13), taking only a SHARE UPDATE EXCLUSIVE lock, so posts and
-- list reads go on while the new index is built (one scan of dialogs, a small table next to messages) and while the
-- old one is dropped (it waits for transactions that use it). Flyway runs this script outside a transaction (every
-- statement here is non-transactional) with its session lock (FlywaySessionLock). A build that failed leaves an
-- INVALID dialogs_assistant_idx behind; the first DROP clears it, so running the migration again finishes it.
DROP INDEX CONCURRENTLY IF EXISTS dialogs_assistant_idx;

CREATE INDEX CONCURRENTLY dialogs_assistant_idx ON dialogs (assistant_id);

DROP INDEX CONCURRENTLY IF EXISTS dialogs_assistant_activity_idx;
