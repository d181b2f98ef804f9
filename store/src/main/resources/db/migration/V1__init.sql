-- Switchboard schema, version 1. PostgreSQL is the source of truth; Redis only rings the bell.

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      VARCHAR(100) NOT NULL UNIQUE,
    password_hash VARCHAR(100) NOT NULL,
    display_name  VARCHAR(200) NOT NULL,
    role          VARCHAR(16)  NOT NULL CHECK (role IN ('admin', 'operator')),
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE assistants (
    id         BIGSERIAL PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE assistant_members (
    assistant_id BIGINT NOT NULL REFERENCES assistants (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (assistant_id, user_id)
);
CREATE INDEX assistant_members_user_idx ON assistant_members (user_id);

-- Site tokens. Only a SHA-256 hash of the token is stored. Changing a widget's domains revokes
-- the row with reason 'domains_changed' and issues a new row and token.
CREATE TABLE widgets (
    id              BIGSERIAL PRIMARY KEY,
    assistant_id    BIGINT      NOT NULL REFERENCES assistants (id) ON DELETE CASCADE,
    token_hash      CHAR(64)    NOT NULL UNIQUE,
    allowed_domains TEXT[]      NOT NULL,
    revoked         BOOLEAN     NOT NULL DEFAULT FALSE,
    revoked_reason  VARCHAR(40),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE dialogs (
    id                   BIGSERIAL PRIMARY KEY,
    assistant_id         BIGINT       NOT NULL REFERENCES assistants (id) ON DELETE CASCADE,
    guest_id             VARCHAR(200) NOT NULL,
    status               VARCHAR(20)  NOT NULL DEFAULT 'bot'
                         CHECK (status IN ('bot', 'waiting_operator', 'operator', 'closed')),
    assigned_operator_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    last_seq             BIGINT       NOT NULL DEFAULT 0,
    last_message_at      TIMESTAMPTZ,
    last_message_preview VARCHAR(200),
    last_message_sender  VARCHAR(16),
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now()
);
-- One open dialog per guest and assistant; a closed dialog makes room for a new one.
CREATE UNIQUE INDEX dialogs_open_guest_uidx ON dialogs (assistant_id, guest_id) WHERE status <> 'closed';
CREATE INDEX dialogs_assistant_activity_idx ON dialogs (assistant_id, last_message_at DESC NULLS LAST, id DESC);

-- seq is assigned in the inserting transaction by
-- UPDATE dialogs SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq,
-- so it is gapless per dialog and the one cursor every transport resumes from.
CREATE TABLE messages (
    id            BIGSERIAL PRIMARY KEY,
    dialog_id     BIGINT        NOT NULL REFERENCES dialogs (id) ON DELETE CASCADE,
    seq           BIGINT        NOT NULL,
    sender        VARCHAR(16)   NOT NULL CHECK (sender IN ('user', 'assistant', 'operator', 'system')),
    author        VARCHAR(200),
    text          VARCHAR(4000) NOT NULL CHECK (char_length(text) BETWEEN 1 AND 4000),
    client_msg_id VARCHAR(100),
    created_at    TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT messages_dialog_seq_uk UNIQUE (dialog_id, seq),
    CONSTRAINT messages_dialog_client_msg_uk UNIQUE (dialog_id, client_msg_id)
);

-- reader is 'user:{id}' for an operator and 'guest' for the dialog's guest.
CREATE TABLE read_state (
    dialog_id     BIGINT       NOT NULL REFERENCES dialogs (id) ON DELETE CASCADE,
    reader        VARCHAR(100) NOT NULL,
    last_read_seq BIGINT       NOT NULL DEFAULT 0,
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (dialog_id, reader)
);

CREATE TABLE notifications (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       VARCHAR(60) NOT NULL,
    payload    JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    read_at    TIMESTAMPTZ
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id);
