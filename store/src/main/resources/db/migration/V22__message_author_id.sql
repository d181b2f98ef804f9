-- The user who wrote a message (an operator's or admin's reply; null for guests, assistants and system lines),
-- issues 16/17 "one frame per operator post" (docs/protocol.md "Posting moves the author's watermark").
-- Posting moves the author's read watermark (read_state reader 'user:{id}') to the message; clients take that move
-- from message.author_id instead of a separate `read` event, so every transport that returns messages (live,
-- catch-up and repair from PostgreSQL, history, long-poll, SSE) carries it. Rows written before this are null:
-- their authors' watermarks were announced by the `read` events of that time.
-- No foreign key, like `author` (the name): users are never deleted, and a key check would take a share lock on the
-- author's users row on every staff post.
ALTER TABLE messages ADD COLUMN author_id BIGINT;
