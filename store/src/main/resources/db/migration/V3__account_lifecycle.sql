-- Account lifecycle (issue 12): deactivated users, and token versions that revoke every token issued
-- before a bump. A JWT carries the version it was issued with in its "tv" claim; a token without one
-- counts as version 0. users.token_version moves on sign-out, password change, password reset and
-- deactivation; assistants.token_version on rotating or revoking the assistant's service token.
ALTER TABLE users ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE assistants ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;
