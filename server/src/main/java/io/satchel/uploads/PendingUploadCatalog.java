package io.satchel.uploads;

import io.satchel.catalog.MetadataColumn;
import io.satchel.storage.UploadSpool;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Rows of {@code pending_uploads}, {@code pending_upload_parts} and {@code finished_uploads}: same SQL on SQLite
 * and PostgreSQL.
 */
public final class PendingUploadCatalog {
    private static final String COLUMNS = "uuid, project_id, protocol, state, length, part_size, received,"
            + " original_filename, content_type, is_stored, metadata, source, token, extra, created_at, expires_at, store_handle";

    private final Jdbi jdbi;

    public PendingUploadCatalog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insert(PendingUpload u) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO pending_uploads (" + COLUMNS + ") VALUES (:uuid, :project,"
                        + " :protocol, :state, :length, :partSize, :received, :filename, :type, :stored, :metadata,"
                        + " :source, :token, :extra, :created, :expires, :handle)")
                .bind("uuid", u.uuid()).bind("project", u.projectId()).bind("protocol", column(u.protocol()))
                .bind("state", column(u.state())).bind("length", u.length()).bind("partSize", u.partSize())
                .bind("received", u.received()).bind("filename", u.originalFilename()).bind("type", u.contentType())
                .bind("stored", u.stored()).bind("metadata", MetadataColumn.write(u.metadata())).bind("source", u.source())
                .bind("token", u.token()).bind("extra", u.extra()).bind("created", u.createdAt())
                .bind("expires", u.expiresAt()).bind("handle", u.storeHandle())
                .execute());
    }

    public Optional<PendingUpload> find(String uuid) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM pending_uploads WHERE uuid = :u")
                .bind("u", uuid).map(PendingUploadCatalog::map).findOne());
    }

    /** Moves {@code received} from {@code from} to {@code to}; false if someone else moved it first. */
    public boolean advance(String uuid, long from, long to, long expiresAt) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE pending_uploads SET received = :to, expires_at = :expires"
                        + " WHERE uuid = :u AND received = :from AND state = 'open'")
                .bind("u", uuid).bind("from", from).bind("to", to).bind("expires", expiresAt).execute()) == 1;
    }

    /**
     * As {@link #advance(String, long, long, long)}, recording in the same transaction where the store now
     * keeps the bytes: its handle, the parts added since {@code before}, and the new tail (part 0).
     */
    public boolean advance(String uuid, long from, long to, long expiresAt, UploadSpool.Spooled before,
                           UploadSpool.Spooled after) {
        return jdbi.inTransaction(h -> {
            int moved = h.createUpdate("UPDATE pending_uploads SET received = :to, expires_at = :expires, store_handle = :handle"
                            + " WHERE uuid = :u AND received = :from AND state = 'open'")
                    .bind("u", uuid).bind("from", from).bind("to", to).bind("expires", expiresAt)
                    .bind("handle", after.handle()).execute();
            if (moved != 1) return false;
            for (UploadSpool.Piece p : after.pieces().values()) {
                if (p.equals(before.pieces().get(p.number()))) continue;
                h.createUpdate("DELETE FROM pending_upload_parts WHERE upload_uuid = :u AND part_number = :n")
                        .bind("u", uuid).bind("n", p.number()).execute();
                insertPart(h, uuid, p);
            }
            if (before.tail() != null && after.tail() == null) {
                h.createUpdate("DELETE FROM pending_upload_parts WHERE upload_uuid = :u AND part_number = 0")
                        .bind("u", uuid).execute();
            }
            return true;
        });
    }

    /** Replaces every piece on record (an upload sealed into one object). */
    public void replacePieces(String uuid, UploadSpool.Spooled state) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE pending_uploads SET store_handle = :handle WHERE uuid = :u")
                    .bind("u", uuid).bind("handle", state.handle()).execute();
            h.createUpdate("DELETE FROM pending_upload_parts WHERE upload_uuid = :u").bind("u", uuid).execute();
            for (UploadSpool.Piece p : state.pieces().values()) insertPart(h, uuid, p);
        });
    }

    private static void insertPart(org.jdbi.v3.core.Handle h, String uuid, UploadSpool.Piece p) {
        h.createUpdate("INSERT INTO pending_upload_parts (upload_uuid, part_number, size, tag) VALUES (:u, :n, :s, :t)")
                .bind("u", uuid).bind("n", p.number()).bind("s", p.size()).bind("t", p.tag()).execute();
    }

    /** Whether an upload in progress has this store handle. */
    public boolean hasHandle(String handle) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM pending_uploads WHERE store_handle = :h")
                .bind("h", handle).mapTo(Integer.class).one()) > 0;
    }

    /** Sets a deferred length once; false if it was already set. */
    public boolean setLength(String uuid, long length) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE pending_uploads SET length = :l WHERE uuid = :u AND length IS NULL")
                .bind("u", uuid).bind("l", length).execute()) == 1;
    }

    public void terminate(String uuid) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE pending_uploads SET state = 'terminated' WHERE uuid = :u")
                .bind("u", uuid).execute());
    }

    public void delete(String uuid) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM pending_uploads WHERE uuid = :u").bind("u", uuid).execute());
    }

    /** Records a part as durably spooled (a re-sent part replaces its row). */
    public void putPart(String uuid, UploadSpool.Piece piece) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM pending_upload_parts WHERE upload_uuid = :u AND part_number = :n")
                    .bind("u", uuid).bind("n", piece.number()).execute();
            insertPart(h, uuid, piece);
        });
    }

    public void deletePart(String uuid, int number) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM pending_upload_parts WHERE upload_uuid = :u AND part_number = :n")
                .bind("u", uuid).bind("n", number).execute());
    }

    /** Every piece recorded so far, by number (part 0 is an append's tail on an object store). */
    public Map<Integer, UploadSpool.Piece> pieces(String uuid) {
        return jdbi.withHandle(h -> {
            Map<Integer, UploadSpool.Piece> pieces = new TreeMap<>();
            h.createQuery("SELECT part_number, size, tag FROM pending_upload_parts WHERE upload_uuid = :u")
                    .bind("u", uuid)
                    .map((rs, ctx) -> new UploadSpool.Piece(rs.getInt(1), rs.getLong(2), rs.getString(3)))
                    .forEach(p -> pieces.put(p.number(), p));
            return pieces;
        });
    }

    /** Uploads that expired before {@code nowMicros}, oldest first. */
    public List<String> expired(long nowMicros, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT uuid FROM pending_uploads WHERE expires_at <= :now"
                        + " ORDER BY expires_at LIMIT :limit")
                .bind("now", nowMicros).bind("limit", limit).mapTo(String.class).list());
    }

    /** Keeps a finished upload's protocol data until {@code expiresAt}; a second call replaces it. */
    public void putFinished(String uuid, String extra, long expiresAt) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM finished_uploads WHERE uuid = :u").bind("u", uuid).execute();
            h.createUpdate("INSERT INTO finished_uploads (uuid, extra, expires_at) VALUES (:u, :extra, :expires)")
                    .bind("u", uuid).bind("extra", extra).bind("expires", expiresAt).execute();
        });
    }

    /** A finished upload's protocol data ({@code extra}, empty if it had none) while it has not expired. */
    public Optional<String> finished(String uuid, long nowMicros) {
        return jdbi.withHandle(h -> h.createQuery("SELECT extra FROM finished_uploads WHERE uuid = :u AND expires_at > :now")
                .bind("u", uuid).bind("now", nowMicros)
                .map((rs, ctx) -> Objects.requireNonNullElse(rs.getString(1), "")).findOne());
    }

    /** Forgets finished uploads that expired before {@code nowMicros}; answers how many. */
    public int deleteExpiredFinished(long nowMicros) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM finished_uploads WHERE expires_at <= :now")
                .bind("now", nowMicros).execute());
    }

    private static PendingUpload map(ResultSet rs, StatementContext ctx) throws SQLException {
        long length = rs.getLong("length");
        Long lengthOrNull = rs.wasNull() ? null : length;
        long partSize = rs.getLong("part_size");
        Long partSizeOrNull = rs.wasNull() ? null : partSize;
        return new PendingUpload(rs.getString("uuid"), rs.getLong("project_id"),
                PendingUpload.Protocol.valueOf(rs.getString("protocol").toUpperCase(Locale.ROOT)),
                PendingUpload.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                lengthOrNull, partSizeOrNull, rs.getLong("received"), rs.getString("original_filename"),
                rs.getString("content_type"), rs.getBoolean("is_stored"), MetadataColumn.read(rs.getString("metadata")),
                rs.getString("source"), rs.getString("token"), rs.getString("extra"), rs.getLong("created_at"),
                rs.getLong("expires_at"), rs.getString("store_handle"));
    }

    private static String column(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }


}
