-- Notifications get a cursor like messages (issue 18): seq counts each user's notifications 1, 2, 3, …
-- without gaps, in commit order (an insert locks the user's row first, so seqs of one user commit in
-- order). Clients resume every transport from the last seq they showed.
-- source_event_id is the event_id of a notification a worker published straight to Redis
-- (notifications:{user_id}); message-api stores it once however many of its replicas heard it.
ALTER TABLE notifications ADD COLUMN seq BIGINT;
ALTER TABLE notifications ADD COLUMN source_event_id VARCHAR(200);
UPDATE notifications n SET seq = r.rn
  FROM (SELECT id, row_number() OVER (PARTITION BY user_id ORDER BY id) AS rn FROM notifications) r
 WHERE r.id = n.id;
ALTER TABLE notifications ALTER COLUMN seq SET NOT NULL;
CREATE UNIQUE INDEX notifications_user_seq_idx ON notifications (user_id, seq);
CREATE UNIQUE INDEX notifications_user_source_idx ON notifications (user_id, source_event_id);
CREATE INDEX notifications_unread_idx ON notifications (user_id, seq) WHERE read_at IS NULL;
