package io.satchel.files;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** File records and their metadata in the catalog. Every look-up a tenant makes is scoped by project. */
public final class FileCatalog {
    private static final String COLUMNS = "uuid, project_id, status, storage_key, size, sha256, mime_type,"
            + " original_filename, filename, is_image, is_stored, content_info, source, datetime_uploaded,"
            + " datetime_stored, datetime_removed";

    private final Jdbi jdbi;

    public FileCatalog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insert(StoredFile f) {
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO files (" + COLUMNS + ") VALUES (:uuid, :project, :status, :key, :size, :sha,"
                            + " :mime, :orig, :name, :image, :stored, :info, :source, :uploaded, :storedAt, :removed)")
                    .bind("uuid", f.uuid()).bind("project", f.projectId()).bind("status", f.status().column())
                    .bind("key", f.storageKey()).bind("size", f.size()).bind("sha", f.sha256())
                    .bind("mime", f.mimeType()).bind("orig", f.originalFilename()).bind("name", f.filename())
                    .bind("image", f.isImage()).bind("stored", f.isStored()).bind("info", f.contentInfo())
                    .bind("source", f.source()).bind("uploaded", f.datetimeUploaded())
                    .bind("storedAt", f.datetimeStored()).bind("removed", f.datetimeRemoved())
                    .execute();
            for (var e : f.metadata().entrySet()) putMetadata(h, f.uuid(), e.getKey(), e.getValue());
        });
    }

    public Optional<StoredFile> find(String uuid) {
        return jdbi.withHandle(h -> find(h, uuid));
    }

    /** The file if it belongs to the project (removed ones included: callers decide what removal means). */
    public Optional<StoredFile> find(long projectId, String uuid) {
        return find(uuid).filter(f -> f.projectId() == projectId);
    }

    public List<StoredFile> findAll(long projectId, Collection<String> uuids) {
        if (uuids.isEmpty()) return List.of();
        return jdbi.withHandle(h -> withMetadata(h, h.createQuery("SELECT " + COLUMNS
                        + " FROM files WHERE project_id = :p AND uuid IN (<uuids>)")
                .bind("p", projectId).bindList("uuids", List.copyOf(uuids)).map(FileCatalog::map).list()));
    }

    public List<StoredFile> list(FileQuery q) {
        return jdbi.withHandle(h -> {
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM files WHERE project_id = :p");
            filters(sql, q);
            // A `to` cursor walks backwards from the other end; the caller gets the page in its ordering.
            boolean reverse = q.to() != null && q.from() == null;
            boolean desc = q.descending() != reverse;
            sql.append(" ORDER BY datetime_uploaded ").append(desc ? "DESC" : "ASC")
                    .append(", uuid ").append(desc ? "DESC" : "ASC")
                    .append(" LIMIT :limit OFFSET :offset");
            Query query = bindFilters(h.createQuery(sql.toString()), q).bind("limit", q.limit()).bind("offset", q.offset());
            List<StoredFile> page = new ArrayList<>(query.map(FileCatalog::map).list());
            if (reverse) java.util.Collections.reverse(page);
            return withMetadata(h, page);
        });
    }

    /** How many files match the query's filters, ignoring its cursors. */
    public long count(FileQuery q) {
        FileQuery uncursored = new FileQuery(q.projectId(), q.removed(), q.stored(), null, null, q.descending(), 0, 0);
        return jdbi.withHandle(h -> {
            StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM files WHERE project_id = :p");
            filters(sql, uncursored);
            return bindFilters(h.createQuery(sql.toString()), uncursored).mapTo(Long.class).one();
        });
    }

    /** Counts for REST {@code totals}: removed, stored (live), unstored (live). */
    public Map<String, Long> totals(long projectId) {
        return jdbi.withHandle(h -> {
            Map<String, Long> totals = new LinkedHashMap<>();
            totals.put("removed", h.createQuery("SELECT COUNT(*) FROM files WHERE project_id = :p AND datetime_removed IS NOT NULL")
                    .bind("p", projectId).mapTo(Long.class).one());
            totals.put("stored", h.createQuery("SELECT COUNT(*) FROM files WHERE project_id = :p AND datetime_removed IS NULL AND is_stored = :t")
                    .bind("p", projectId).bind("t", true).mapTo(Long.class).one());
            totals.put("unstored", h.createQuery("SELECT COUNT(*) FROM files WHERE project_id = :p AND datetime_removed IS NULL AND is_stored = :f")
                    .bind("p", projectId).bind("f", false).mapTo(Long.class).one());
            return totals;
        });
    }

    public void markProcessed(String uuid, FileStatus status, boolean isImage, String contentInfo) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE files SET status = :s, is_image = :i, content_info = :c WHERE uuid = :u")
                .bind("s", status.column()).bind("i", isImage).bind("c", contentInfo).bind("u", uuid).execute());
    }

    /** Records the SHA-256 of a file whose bytes were not hashed on their way in (they went straight to the store). */
    public void setSha256(String uuid, String sha256) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE files SET sha256 = :sha WHERE uuid = :u AND sha256 IS NULL")
                .bind("sha", sha256).bind("u", uuid).execute());
    }

    /** Marks a live file stored at {@code now}; returns false when it is missing or removed. */
    public boolean store(String uuid, long now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE files SET is_stored = :t, datetime_stored = :now"
                        + " WHERE uuid = :u AND datetime_removed IS NULL")
                .bind("t", true).bind("now", now).bind("u", uuid).execute()) == 1;
    }

    /** Marks a live file removed at {@code now}; returns false when it was missing or already removed. */
    public boolean remove(String uuid, long now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE files SET is_stored = :f, datetime_stored = NULL,"
                        + " datetime_removed = :now WHERE uuid = :u AND datetime_removed IS NULL")
                .bind("f", false).bind("now", now).bind("u", uuid).execute()) == 1;
    }

    /** Live unstored files uploaded before {@code cutoff}, oldest first. */
    public List<StoredFile> temporaryUploadedBefore(long cutoff, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM files WHERE is_stored = :f"
                        + " AND datetime_removed IS NULL AND datetime_uploaded < :cutoff ORDER BY datetime_uploaded LIMIT :limit")
                .bind("f", false).bind("cutoff", cutoff).bind("limit", limit).map(FileCatalog::map).list());
    }

    /** Files confirmed before {@code cutoff} that no PROCESS job has finished (their job may have been lost). */
    public List<String> unprocessedBefore(long cutoff, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT uuid FROM files WHERE status = :s AND datetime_removed IS NULL"
                        + " AND datetime_uploaded < :cutoff ORDER BY datetime_uploaded LIMIT :limit")
                .bind("s", FileStatus.UPLOADED.column()).bind("cutoff", cutoff).bind("limit", limit)
                .mapTo(String.class).list());
    }

    // --- metadata

    public Map<String, String> metadata(String uuid) {
        return jdbi.withHandle(h -> metadata(h, uuid));
    }

    /** Sets one key; returns true when it was created, false when it replaced a value. */
    public boolean putMetadata(String uuid, String key, String value, int maxKeys) {
        return jdbi.inTransaction(h -> {
            boolean exists = h.createQuery("SELECT COUNT(*) FROM file_metadata WHERE file_uuid = :u AND key = :k")
                    .bind("u", uuid).bind("k", key).mapTo(Integer.class).one() > 0;
            if (exists) {
                h.createUpdate("UPDATE file_metadata SET value = :v WHERE file_uuid = :u AND key = :k")
                        .bind("v", value).bind("u", uuid).bind("k", key).execute();
                return false;
            }
            int count = h.createQuery("SELECT COUNT(*) FROM file_metadata WHERE file_uuid = :u")
                    .bind("u", uuid).mapTo(Integer.class).one();
            if (count >= maxKeys) throw new MetadataLimitExceeded(maxKeys);
            putMetadata(h, uuid, key, value);
            return true;
        });
    }

    public boolean deleteMetadata(String uuid, String key) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM file_metadata WHERE file_uuid = :u AND key = :k")
                .bind("u", uuid).bind("k", key).execute()) > 0;
    }

    /** Thrown when a file already holds the most metadata keys allowed. */
    public static final class MetadataLimitExceeded extends RuntimeException {
        public MetadataLimitExceeded(int max) {
            super("A file can hold at most " + max + " metadata keys.", null, false, false);
        }
    }

    private static void putMetadata(Handle h, String uuid, String key, String value) {
        h.createUpdate("INSERT INTO file_metadata (file_uuid, key, value) VALUES (:u, :k, :v)")
                .bind("u", uuid).bind("k", key).bind("v", value).execute();
    }

    private static Optional<StoredFile> find(Handle h, String uuid) {
        return h.createQuery("SELECT " + COLUMNS + " FROM files WHERE uuid = :u").bind("u", uuid)
                .map(FileCatalog::map).findOne().map(f -> f.withMetadata(metadata(h, uuid)));
    }

    private static Map<String, String> metadata(Handle h, String uuid) {
        Map<String, String> m = new LinkedHashMap<>();
        h.createQuery("SELECT key, value FROM file_metadata WHERE file_uuid = :u ORDER BY key").bind("u", uuid)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static List<StoredFile> withMetadata(Handle h, List<StoredFile> files) {
        if (files.isEmpty()) return files;
        Map<String, Map<String, String>> byFile = new LinkedHashMap<>();
        h.createQuery("SELECT file_uuid, key, value FROM file_metadata WHERE file_uuid IN (<uuids>) ORDER BY key")
                .bindList("uuids", files.stream().map(StoredFile::uuid).toList())
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .forEach(r -> byFile.computeIfAbsent(r[0], k -> new LinkedHashMap<>()).put(r[1], r[2]));
        return files.stream().map(f -> f.withMetadata(byFile.getOrDefault(f.uuid(), Map.of()))).toList();
    }

    private static void filters(StringBuilder sql, FileQuery q) {
        sql.append(q.removed() ? " AND datetime_removed IS NOT NULL" : " AND datetime_removed IS NULL");
        if (q.stored() != null) sql.append(" AND is_stored = :stored");
        if (q.from() != null) sql.append(q.descending() ? " AND datetime_uploaded < :from" : " AND datetime_uploaded > :from");
        if (q.to() != null) sql.append(q.descending() ? " AND datetime_uploaded > :to" : " AND datetime_uploaded < :to");
    }

    private static Query bindFilters(Query query, FileQuery q) {
        query.bind("p", q.projectId());
        if (q.stored() != null) query.bind("stored", q.stored());
        if (q.from() != null) query.bind("from", q.from());
        if (q.to() != null) query.bind("to", q.to());
        return query;
    }

    private static StoredFile map(ResultSet rs, StatementContext ctx) throws SQLException {
        long stored = rs.getLong("datetime_stored");
        Long datetimeStored = rs.wasNull() ? null : stored;
        long removed = rs.getLong("datetime_removed");
        Long datetimeRemoved = rs.wasNull() ? null : removed;
        return new StoredFile(rs.getString("uuid"), rs.getLong("project_id"), FileStatus.fromColumn(rs.getString("status")),
                rs.getString("storage_key"), rs.getLong("size"), rs.getString("sha256"), rs.getString("mime_type"),
                rs.getString("original_filename"), rs.getString("filename"), rs.getBoolean("is_image"),
                rs.getBoolean("is_stored"), rs.getString("content_info"), rs.getString("source"),
                rs.getLong("datetime_uploaded"), datetimeStored, datetimeRemoved, Map.of());
    }
}
