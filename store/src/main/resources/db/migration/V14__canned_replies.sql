-- Canned replies (issue 14): each assistant's team keeps ready answers that operators insert into the
-- composer by typing "/" and the reply's name. The name is a short slug ("refund", "возврат"), stored in
-- lower case and unique per assistant regardless of case; the text is bounded like a message's (4000
-- characters). There is no language column: a team that answers in two languages keeps one reply per
-- language under different names (docs/operators.md). Replies go with their assistant; a deleted author
-- leaves its replies to the team.
CREATE TABLE canned_replies (
    id           BIGSERIAL PRIMARY KEY,
    assistant_id BIGINT        NOT NULL REFERENCES assistants (id) ON DELETE CASCADE,
    name         VARCHAR(40)   NOT NULL CHECK (name <> ''),
    text         VARCHAR(4000) NOT NULL,
    created_by   BIGINT        REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ   NOT NULL DEFAULT now()
);
-- One name per assistant whatever its case; the composer's picker reads it as a prefix range of this index.
CREATE UNIQUE INDEX canned_replies_assistant_name_idx ON canned_replies (assistant_id, lower(name) text_pattern_ops);
