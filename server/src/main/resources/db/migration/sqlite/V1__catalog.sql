-- Satchel catalog, SQLite dialect. Times are microseconds since the epoch (UTC) in BIGINT columns,
-- so both dialects share the same SQL in the application. Keep postgresql/V1__catalog.sql in step.

CREATE TABLE projects (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    name               TEXT    NOT NULL UNIQUE,
    public_key         TEXT    NOT NULL UNIQUE,
    secret_key         TEXT    NOT NULL,
    autostore          BOOLEAN NOT NULL DEFAULT 1,
    signed_uploads     BOOLEAN NOT NULL DEFAULT 0,
    secure_delivery    BOOLEAN NOT NULL DEFAULT 0,
    max_upload_bytes   BIGINT,
    allowed_mime_types TEXT,
    eager_variants     TEXT,
    created_at         BIGINT  NOT NULL
);

CREATE TABLE files (
    uuid              TEXT    PRIMARY KEY,
    project_id        BIGINT  NOT NULL REFERENCES projects (id),
    status            TEXT    NOT NULL,
    storage_key       TEXT    NOT NULL,
    size              BIGINT  NOT NULL,
    sha256            TEXT,
    mime_type         TEXT    NOT NULL,
    original_filename TEXT    NOT NULL,
    filename          TEXT    NOT NULL,
    is_image          BOOLEAN NOT NULL DEFAULT 0,
    is_stored         BOOLEAN NOT NULL,
    content_info      TEXT,
    source            TEXT,
    datetime_uploaded BIGINT  NOT NULL,
    datetime_stored   BIGINT,
    datetime_removed  BIGINT
);
CREATE INDEX files_by_project_uploaded ON files (project_id, datetime_uploaded);
CREATE INDEX files_temporary ON files (is_stored, datetime_removed, datetime_uploaded);

CREATE TABLE file_metadata (
    file_uuid TEXT NOT NULL REFERENCES files (uuid) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (file_uuid, key)
);

CREATE TABLE file_groups (
    id               TEXT    PRIMARY KEY,
    project_id       BIGINT  NOT NULL REFERENCES projects (id),
    files_count      INTEGER NOT NULL,
    datetime_created BIGINT  NOT NULL,
    datetime_stored  BIGINT
);
CREATE INDEX file_groups_by_project_created ON file_groups (project_id, datetime_created);

CREATE TABLE file_group_members (
    group_id        TEXT    NOT NULL REFERENCES file_groups (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    file_uuid       TEXT    NOT NULL,
    default_effects TEXT    NOT NULL,
    PRIMARY KEY (group_id, position)
);

-- The durable job queue (db-scheduler's table).
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(100) NOT NULL,
    task_instance        VARCHAR(100) NOT NULL,
    task_data            BLOB,
    execution_time       TIMESTAMP,
    picked               BIT,
    picked_by            VARCHAR(50),
    last_success         TIMESTAMP,
    last_failure         TIMESTAMP,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP,
    version              BIGINT,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
