-- What operators see about a guest instead of an id (issue 15): the context the widget sends when it
-- opens a dialog — the page it was opened on, the page's language, a name and an email when the site
-- passes them — and a short browser name derived from the User-Agent header. One row per dialog, the
-- latest context wins (a returning guest reopening its dialog from another page updates it). Shown
-- only on the operators' REST dialog list and detail, to operators of the dialog's assistant.
CREATE TABLE guest_contexts (
    dialog_id  BIGINT        PRIMARY KEY REFERENCES dialogs (id) ON DELETE CASCADE,
    page_url   VARCHAR(2048),
    locale     VARCHAR(35),
    name       VARCHAR(100),
    email      VARCHAR(254),
    browser    VARCHAR(60),
    updated_at TIMESTAMPTZ   NOT NULL DEFAULT now()
);
