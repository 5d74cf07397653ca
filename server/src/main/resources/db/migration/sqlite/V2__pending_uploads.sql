-- Uploads whose bytes are still arriving (multipart and tus). A row lives from REQUEST until CONFIRM
-- (then the file's own row takes over) or until it expires; its bytes sit in the store's spool.
-- Keep the other dialect's V2__pending_uploads.sql in step.

CREATE TABLE pending_uploads (
    uuid              TEXT    PRIMARY KEY,
    project_id        BIGINT  NOT NULL REFERENCES projects (id),
    protocol          TEXT    NOT NULL,
    state             TEXT    NOT NULL,
    length            BIGINT,
    part_size         BIGINT,
    received          BIGINT  NOT NULL DEFAULT 0,
    original_filename TEXT    NOT NULL,
    content_type      TEXT,
    is_stored         BOOLEAN NOT NULL DEFAULT 0,
    metadata          TEXT    NOT NULL,
    source            TEXT,
    token             TEXT    NOT NULL,
    extra             TEXT,
    created_at        BIGINT  NOT NULL,
    expires_at        BIGINT  NOT NULL
);
CREATE INDEX pending_uploads_expiry ON pending_uploads (expires_at);

-- Multipart parts that are durably in the spool (written and synced before the row is written).
CREATE TABLE pending_upload_parts (
    upload_uuid TEXT    NOT NULL REFERENCES pending_uploads (uuid) ON DELETE CASCADE,
    part_number INTEGER NOT NULL,
    size        BIGINT  NOT NULL,
    PRIMARY KEY (upload_uuid, part_number)
);
