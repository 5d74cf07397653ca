-- Uploads that became files but whose protocol still answers about them for a while: a tus client may
-- ask HEAD of a finished upload (offset = length, its Upload-Metadata and Upload-Concat echoed). The row
-- keeps the protocol's own data (`extra`) until it expires; the unfinished-upload sweep removes it.
-- Keep the other dialect's V4__tus.sql in step.

CREATE TABLE finished_uploads (
    uuid       TEXT   PRIMARY KEY,
    extra      TEXT,
    expires_at BIGINT NOT NULL
);
CREATE INDEX finished_uploads_expiry ON finished_uploads (expires_at);
