-- Attachments (issue #14): files and images guests and operators send into a dialog. An attachment is shown
-- as a normal message (same seq, ordering, client_msg_id idempotency); the message carries the attachment's
-- public description in messages.attachment, so catch-up reads stay one table without a join.
CREATE TABLE attachments (
    id            UUID          PRIMARY KEY,
    dialog_id     BIGINT        NOT NULL REFERENCES dialogs (id) ON DELETE CASCADE,
    assistant_id  BIGINT        NOT NULL REFERENCES assistants (id) ON DELETE CASCADE,
    message_id    BIGINT        NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    seq           BIGINT        NOT NULL,
    uploader      VARCHAR(16)   NOT NULL CHECK (uploader IN ('guest', 'operator')),
    uploader_user_id BIGINT,
    name          VARCHAR(255)  NOT NULL,
    content_type  VARCHAR(100)  NOT NULL,
    size          BIGINT        NOT NULL CHECK (size > 0),
    sha256        CHAR(64)      NOT NULL,
    width         INTEGER,
    height        INTEGER,
    has_thumbnail BOOLEAN       NOT NULL DEFAULT false,
    storage       VARCHAR(16)   NOT NULL,
    storage_key   VARCHAR(200)  NOT NULL,
    created_at    TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT attachments_message_uk UNIQUE (message_id)
);
CREATE INDEX attachments_dialog_idx ON attachments (dialog_id);

-- The bytes, when switchboard.attachments.storage=postgres (the default): the original and, for images, the
-- thumbnail, one row each.
CREATE TABLE attachment_blobs (
    storage_key   VARCHAR(200)  PRIMARY KEY,
    content_type  VARCHAR(100)  NOT NULL,
    data          BYTEA         NOT NULL,
    created_at    TIMESTAMPTZ   NOT NULL DEFAULT now()
);

-- The attachment as every transport shows it inside message:new (id, name, content_type, size, width, height,
-- has_thumbnail); NULL for text messages.
ALTER TABLE messages ADD COLUMN attachment JSONB;
