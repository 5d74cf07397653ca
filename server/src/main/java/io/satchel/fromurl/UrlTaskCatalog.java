package io.satchel.fromurl;

import io.satchel.catalog.MetadataColumn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * From-URL tasks and remembered URL duplicates in the catalog. A task's state only moves forward from
 * waiting/progress: updates to a finished task change nothing, so a late or repeated run cannot undo it.
 */
public final class UrlTaskCatalog {
    private static final String COLUMNS = "token, project_id, source_url, file_uuid, status, done, total, error,"
            + " error_code, filename, is_stored, metadata, source, save_duplicate, attempts, created_at, updated_at";
    private static final String RUNNING = " AND status IN ('waiting', 'progress')";

    private final Jdbi jdbi;

    public UrlTaskCatalog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insert(UrlTask t) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO url_tasks (" + COLUMNS + ") VALUES (:token, :project, :url, :file,"
                        + " :status, :done, :total, :error, :code, :filename, :store, :metadata, :source, :save, :attempts,"
                        + " :created, :updated)")
                .bind("token", t.token()).bind("project", t.projectId()).bind("url", t.sourceUrl())
                .bind("file", t.fileUuid()).bind("status", t.state().column()).bind("done", t.done())
                .bind("total", t.total()).bind("error", t.error()).bind("code", t.errorCode())
                .bind("filename", t.filename()).bind("store", t.store()).bind("metadata", MetadataColumn.write(t.metadata()))
                .bind("source", t.source()).bind("save", t.saveDuplicate()).bind("attempts", t.attempts())
                .bind("created", t.createdAt()).bind("updated", t.updatedAt())
                .execute());
    }

    public Optional<UrlTask> find(String token) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM url_tasks WHERE token = :t")
                .bind("t", token).map(UrlTaskCatalog::map).findOne());
    }

    /** Counts a run of a running task and sets it back to waiting; the new count, or empty if it is finished or gone. */
    public Optional<Integer> startAttempt(String token, long now) {
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE url_tasks SET attempts = attempts + 1, status = 'waiting', done = 0,"
                            + " total = NULL, updated_at = :now WHERE token = :t" + RUNNING)
                    .bind("now", now).bind("t", token).execute();
            if (updated == 0) return Optional.empty();
            return Optional.of(h.createQuery("SELECT attempts FROM url_tasks WHERE token = :t").bind("t", token)
                    .mapTo(Integer.class).one());
        });
    }

    public void progress(String token, long done, Long total, long now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE url_tasks SET status = 'progress', done = :done, total = :total,"
                        + " updated_at = :now WHERE token = :t" + RUNNING)
                .bind("done", done).bind("total", total).bind("now", now).bind("t", token).execute());
    }

    public void succeed(String token, long size, long now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE url_tasks SET status = 'success', done = :size, total = :size,"
                        + " updated_at = :now WHERE token = :t" + RUNNING)
                .bind("size", size).bind("now", now).bind("t", token).execute());
    }

    public void fail(String token, String code, String message, long now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE url_tasks SET status = 'error', error = :message, error_code = :code,"
                        + " updated_at = :now WHERE token = :t" + RUNNING)
                .bind("message", message).bind("code", code).bind("now", now).bind("t", token).execute());
    }

    /** Forgets tasks made before {@code cutoff}; their tokens then answer {@code unknown}. */
    public int deleteCreatedBefore(long cutoff) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM url_tasks WHERE created_at < :c").bind("c", cutoff).execute());
    }

    /** Remembers (or re-points) the file this project fetched from {@code url}. */
    public void rememberDuplicate(long projectId, String url, String fileUuid, long now) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO url_duplicates (project_id, url_sha256, file_uuid, created_at)"
                        + " VALUES (:p, :u, :f, :now) ON CONFLICT (project_id, url_sha256)"
                        + " DO UPDATE SET file_uuid = excluded.file_uuid, created_at = excluded.created_at")
                .bind("p", projectId).bind("u", sha256(url)).bind("f", fileUuid).bind("now", now).execute());
    }

    public Optional<String> duplicateOf(long projectId, String url) {
        return jdbi.withHandle(h -> h.createQuery("SELECT file_uuid FROM url_duplicates WHERE project_id = :p AND url_sha256 = :u")
                .bind("p", projectId).bind("u", sha256(url)).mapTo(String.class).findOne());
    }

    private static UrlTask map(ResultSet rs, StatementContext ctx) throws SQLException {
        long total = rs.getLong("total");
        Long knownTotal = rs.wasNull() ? null : total;
        return new UrlTask(rs.getString("token"), rs.getLong("project_id"), rs.getString("source_url"),
                rs.getString("file_uuid"), UrlTask.State.fromColumn(rs.getString("status")), rs.getLong("done"), knownTotal,
                rs.getString("error"), rs.getString("error_code"), rs.getString("filename"), rs.getBoolean("is_stored"),
                MetadataColumn.read(rs.getString("metadata")), rs.getString("source"), rs.getBoolean("save_duplicate"),
                rs.getInt("attempts"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }



    static String sha256(String url) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
