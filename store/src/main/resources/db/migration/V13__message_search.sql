-- Full-text search over message text (issue 14, GET /api/dialogs?q=): Russian and English word forms, so
-- "заказа" finds "заказ" and "orders" finds "order". The document is both configurations' vectors joined,
-- to_tsvector('russian', text) || to_tsvector('english', text); a query asks both configurations and ORs them
-- (DialogSearch in message-api). The expression must be written exactly so in a query for this index to serve it.
--
-- Why an expression index and not a generated tsvector column: messages is the largest table by far, and
-- ALTER TABLE ... ADD COLUMN ... GENERATED ALWAYS AS (...) STORED rewrites every row under an ACCESS EXCLUSIVE
-- lock, so no guest or operator could post (nor any socket catch up) until the whole table was rewritten, and the
-- table would grow by a tsvector per row (about the size of the text again). An expression index stores the
-- lexemes only in the index, and CREATE INDEX CONCURRENTLY builds it while posts go on (it takes only a SHARE
-- UPDATE EXCLUSIVE lock; it scans the table twice and waits for transactions older than itself). The price: a
-- query recomputes to_tsvector for the rows it rechecks, and ts_headline reads the text anyway; search answers
-- page by page (at most 50 dialogs), so that is a few hundred short texts at most.
--
-- CONCURRENTLY cannot run inside a transaction: Flyway sees it and runs this script outside one (every statement
-- here is non-transactional). A build that fails (a crash, a cancelled statement) leaves an INVALID index of the
-- same name behind; the DROP first clears it, so running the migration again (after `flyway repair`) finishes it.
-- Measured: 200 000 messages indexed in 5.3 s (a shared machine), so 4-5 minutes and one CPU for 10 million; a
-- deploy waits for it at start (docs/operations.md, "The search index (V13)"). Flyway must take its PostgreSQL
-- lock as a session lock (FlywaySessionLock, SchemaMigrator): CONCURRENTLY waits for every older transaction,
-- and Flyway's default transactional lock would be one of them, forever.
DROP INDEX CONCURRENTLY IF EXISTS messages_text_search_idx;

CREATE INDEX CONCURRENTLY messages_text_search_idx ON messages
    USING gin ((to_tsvector('russian', text) || to_tsvector('english', text)));
