-- Assignment (issue 14): dialogs assigned or transferred to an operator, the dashboard's Mine / Unassigned /
-- Waiting / All views, and automatic assignment of waiting dialogs per assistant.

-- One row per assistant that has (or had) automatic assignment set up; no row = off. The round-robin pointer
-- (the member who got the last dialog) lives here, so every message-api replica continues the same rotation:
-- an assigner locks this row (SELECT ... FOR UPDATE) for its whole pass, so passes of one assistant never overlap.
CREATE TABLE assignment_policies (
    assistant_id          BIGINT      PRIMARY KEY REFERENCES assistants (id) ON DELETE CASCADE,
    enabled               BOOLEAN     NOT NULL DEFAULT FALSE,
    max_open_per_operator INT         NOT NULL DEFAULT 5 CHECK (max_open_per_operator BETWEEN 1 AND 100),
    -- No foreign key: a deleted user only means the rotation starts from the next id.
    last_assigned_user_id BIGINT,
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- "Mine" and the cap: an operator's dialogs that are not closed.
CREATE INDEX dialogs_assignee_open_idx ON dialogs (assigned_operator_id) WHERE status <> 'closed';
-- "Unassigned", "Waiting", the views' counts and the assigner's search for waiting dialogs, per assistant.
CREATE INDEX dialogs_open_assistant_idx ON dialogs (assistant_id, status, assigned_operator_id) WHERE status <> 'closed';
