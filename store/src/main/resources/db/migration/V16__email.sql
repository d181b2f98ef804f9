-- Email when nobody is online (issue 14, docs/operators.md "Email").

-- An operator's address for alerts, and the language the alerts are written in (ru or en; null = the
-- installation's switchboard.email.default-locale). Set by the user or an admin over REST.
ALTER TABLE users ADD COLUMN email VARCHAR(254);
ALTER TABLE users ADD COLUMN locale VARCHAR(35);

-- When the dialog's current wait for an operator began, and when its members were emailed about this wait.
-- A trigger keeps both right on every path that changes the status (handoff, assignment, admin edits): entering
-- waiting_operator starts a new wait (and a new alert may go out), leaving it clears both. The one-statement post
-- never sets status, so it never fires the trigger.
ALTER TABLE dialogs ADD COLUMN waiting_since TIMESTAMPTZ;
ALTER TABLE dialogs ADD COLUMN waiting_alerted_at TIMESTAMPTZ;
UPDATE dialogs SET waiting_since = updated_at WHERE status = 'waiting_operator';

CREATE FUNCTION dialogs_track_waiting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'waiting_operator' THEN
        IF TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'waiting_operator' THEN
            NEW.waiting_since := now();
            NEW.waiting_alerted_at := NULL;
        END IF;
    ELSE
        NEW.waiting_since := NULL;
        NEW.waiting_alerted_at := NULL;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER dialogs_track_waiting BEFORE INSERT OR UPDATE OF status ON dialogs
    FOR EACH ROW EXECUTE FUNCTION dialogs_track_waiting();

-- The alert job's scan: waits not alerted yet, oldest first.
CREATE INDEX dialogs_waiting_alert_idx ON dialogs (waiting_since)
    WHERE status = 'waiting_operator' AND waiting_alerted_at IS NULL;

-- The address a visitor left in the widget while no operator was online. Operators' replies the visitor has not
-- read and could not see (not connected) are mailed there with a Reply-To naming reply_token (random, unguessable);
-- a reply to that mail becomes a guest message of this dialog. mailed_seq: the dialog's seq up to which the
-- visitor's mail is settled (mailed, read, or not an operator's reply). assistant_id walls the row off per assistant.
CREATE TABLE guest_emails (
    dialog_id       BIGINT       PRIMARY KEY REFERENCES dialogs (id) ON DELETE CASCADE,
    assistant_id    BIGINT       NOT NULL REFERENCES assistants (id) ON DELETE CASCADE,
    email           VARCHAR(254) NOT NULL,
    locale          VARCHAR(35),
    reply_token     VARCHAR(64)  NOT NULL UNIQUE,
    mailed_seq      BIGINT       NOT NULL DEFAULT 0,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX guest_emails_assistant_idx ON guest_emails (assistant_id);
