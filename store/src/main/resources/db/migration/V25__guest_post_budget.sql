-- The per-dialog budget of guest posts (switchboard.limits.guest-messages-per-minute: that many at once, then one
-- more every 60/n s) lives in the dialog's own row from now on, not in Redis (issue 17, server CPU per message; docs/
-- performance.md "The guest's per-dialog budget in the dialog row"). The post statement, which already takes the row
-- lock, updates the row and checks access, status and repeats, also spends one token: no Redis script and no round
-- trip per guest post, and the budget holds exactly across every message-api replica, with Redis up or down.
-- guest_post_tokens: tokens left at guest_post_at; NULL = a full bucket (every dialog before its first guest post).
-- Neither column is in any index, so a post's update stays HOT (V24; DialogActivityOrderTest checks it). Adding
-- nullable columns without a default changes only the catalogue: no rewrite of dialogs, no long lock.
ALTER TABLE dialogs
    ADD COLUMN guest_post_tokens double precision,
    ADD COLUMN guest_post_at timestamptz;
