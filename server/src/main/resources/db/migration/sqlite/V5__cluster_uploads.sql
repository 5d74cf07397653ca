-- Uploads in pieces that any node may continue, on any store. Keep the other dialect's
-- V5__cluster_uploads.sql in step.

-- The store's handle for an upload (S3's multipart upload id), and a counter every lease taken on the
-- upload bumps: that update is what makes two nodes taking a lease at once wait for each other.
ALTER TABLE pending_uploads ADD COLUMN store_handle TEXT;
ALTER TABLE pending_uploads ADD COLUMN lease_epoch BIGINT NOT NULL DEFAULT 0;

-- A part's tag in the store (S3's ETag), needed to complete the upload there. Part number 0 is an
-- append's tail on an object store: its tag is the tail object's key.
ALTER TABLE pending_upload_parts ADD COLUMN tag TEXT;

-- Who may write an upload's bytes now, across nodes: one exclusive holder (a tus PATCH, a multipart
-- completion) or any number of shared ones (multipart parts). A holder renews its row while it works;
-- a row past its expiry belongs to a dead holder and is ignored and removed.
CREATE TABLE upload_leases (
    upload_uuid TEXT    NOT NULL REFERENCES pending_uploads (uuid) ON DELETE CASCADE,
    holder      TEXT    NOT NULL,
    exclusive   BOOLEAN NOT NULL,
    expires_at  BIGINT  NOT NULL,
    PRIMARY KEY (upload_uuid, holder)
);
