-- Guest credentials (issue 12). A guest's id is a name operators may see, never a credential: the
-- server issues the guest a random secret (guest_token, "gt_…") when it opens its first dialog, and
-- stores only its SHA-256. The secret is bound to one assistant and, when it was issued through a
-- site token, to that widget row; revoking or deleting the widget refuses its guests at once.
CREATE TABLE guest_credentials (
    id           BIGSERIAL PRIMARY KEY,
    token_hash   CHAR(64)     NOT NULL UNIQUE,
    guest_id     VARCHAR(200) NOT NULL,
    assistant_id BIGINT       NOT NULL REFERENCES assistants (id) ON DELETE CASCADE,
    widget_id    BIGINT REFERENCES widgets (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX guest_credentials_widget_idx ON guest_credentials (widget_id) WHERE widget_id IS NOT NULL;

-- What dashboards, lists, notifications, frames and logs show instead of the guest id: a short,
-- stable, non-secret label derived from it. Existing dialogs get theirs from this generated column;
-- io.switchboard.store.GuestLabels computes the same value in Java.
ALTER TABLE dialogs ADD COLUMN guest_label VARCHAR(16)
    GENERATED ALWAYS AS ('guest-' || substr(md5(guest_id), 1, 8)) STORED;
