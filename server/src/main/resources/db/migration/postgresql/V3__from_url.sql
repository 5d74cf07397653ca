-- From-URL uploads (uploadcare.md §2.3.3, §2.3.5), PostgreSQL dialect. Keep sqlite/V3__from_url.sql in step.

-- One row per POST /from_url/ token: what to fetch, with which upload options, and where it stands.
-- The file's uuid is chosen up front so that a fetch retried after a crash makes that file, never a second.
CREATE TABLE url_tasks (
    token          TEXT    PRIMARY KEY,
    project_id     BIGINT  NOT NULL REFERENCES projects (id),
    source_url     TEXT    NOT NULL,
    file_uuid      TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    done           BIGINT  NOT NULL DEFAULT 0,
    total          BIGINT,
    error          TEXT,
    error_code     TEXT,
    filename       TEXT,
    is_stored      BOOLEAN NOT NULL,
    metadata       TEXT    NOT NULL,
    source         TEXT,
    save_duplicate BOOLEAN NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL
);
CREATE INDEX url_tasks_by_created ON url_tasks (created_at);

-- What save_URL_duplicates remembers: the file a project last fetched from a URL (keyed by the URL's
-- SHA-256, as URLs can be longer than an index entry may be).
CREATE TABLE url_duplicates (
    project_id BIGINT NOT NULL REFERENCES projects (id),
    url_sha256 TEXT   NOT NULL,
    file_uuid  TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, url_sha256)
);
