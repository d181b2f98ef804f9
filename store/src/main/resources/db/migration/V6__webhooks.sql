-- Outgoing webhooks (issue 13): endpoints per assistant, a transactional outbox of deliveries, a role per
-- membership (the assistant's admins manage its endpoints), and scoped service tokens' revocation list.

-- 'admin' members manage the assistant's webhooks and service tokens; global admins may do so for every assistant.
ALTER TABLE assistant_members
    ADD COLUMN role VARCHAR(16) NOT NULL DEFAULT 'operator' CHECK (role IN ('operator', 'admin'));

-- The secret is kept in the clear: every delivery is signed with it (HMAC-SHA256). It is shown once at creation
-- and on rotation, never by a listing.
CREATE TABLE webhook_endpoints (
    id           BIGSERIAL PRIMARY KEY,
    assistant_id BIGINT        NOT NULL REFERENCES assistants (id) ON DELETE CASCADE,
    url          VARCHAR(2000) NOT NULL,
    events       TEXT[]        NOT NULL,
    secret       VARCHAR(100)  NOT NULL,
    enabled      BOOLEAN       NOT NULL DEFAULT TRUE,
    created_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ   NOT NULL DEFAULT now()
);
-- The post path asks "does this assistant have an enabled endpoint for this kind?" on every guest message.
CREATE INDEX webhook_endpoints_assistant_idx ON webhook_endpoints (assistant_id) WHERE enabled;

-- The outbox: one row per event and subscribed endpoint, written in the transaction of the change.
-- Rows of one endpoint and dialog leave in id order (ids are taken under the dialog's row lock).
CREATE TABLE webhook_deliveries (
    id              BIGSERIAL PRIMARY KEY,
    endpoint_id     BIGINT        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    assistant_id    BIGINT        NOT NULL,
    dialog_id       BIGINT        NOT NULL,
    event_id        VARCHAR(64)   NOT NULL,
    kind            VARCHAR(40)   NOT NULL,
    body            TEXT          NOT NULL,
    status          VARCHAR(16)   NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INT           NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    give_up_at      TIMESTAMPTZ   NOT NULL,
    locked_until    TIMESTAMPTZ,
    last_status     INT,
    last_error      VARCHAR(500),
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ
);
-- The claim: pending rows, oldest first, and the "earlier pending row of the same endpoint and dialog" probe.
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (endpoint_id, dialog_id, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_assistant_idx ON webhook_deliveries (assistant_id, id DESC);
