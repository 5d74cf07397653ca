package io.satchel.projects;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Projects in the catalog. */
final class ProjectRepository {
    private static final String COLUMNS = "id, name, public_key, secret_key, autostore, signed_uploads, secure_delivery,"
            + " max_upload_bytes, allowed_mime_types, eager_variants, created_at";

    private final Jdbi jdbi;

    ProjectRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Project insert(Handle h, String name, String publicKey, String secretKey, long now) {
        h.createUpdate("INSERT INTO projects (name, public_key, secret_key, autostore, signed_uploads, secure_delivery, created_at)"
                        + " VALUES (:name, :pk, :sk, :autostore, :signed, :secure, :now)")
                .bind("name", name).bind("pk", publicKey).bind("sk", secretKey)
                .bind("autostore", true).bind("signed", false).bind("secure", false).bind("now", now)
                .execute();
        return byName(h, name).orElseThrow();
    }

    Optional<Project> byName(Handle h, String name) {
        return h.createQuery("SELECT " + COLUMNS + " FROM projects WHERE name = :v").bind("v", name)
                .map(ProjectRepository::map).findOne();
    }

    Optional<Project> byName(String name) {
        return jdbi.withHandle(h -> byName(h, name));
    }

    Optional<Project> byPublicKey(String publicKey) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM projects WHERE public_key = :v")
                .bind("v", publicKey).map(ProjectRepository::map).findOne());
    }

    Optional<Project> byPublicKey(Handle h, String publicKey) {
        return h.createQuery("SELECT " + COLUMNS + " FROM projects WHERE public_key = :v")
                .bind("v", publicKey).map(ProjectRepository::map).findOne();
    }

    Optional<Project> byId(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM projects WHERE id = :v")
                .bind("v", id).map(ProjectRepository::map).findOne());
    }

    List<Project> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM projects ORDER BY id")
                .map(ProjectRepository::map).list());
    }

    long count(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM projects").mapTo(Long.class).one();
    }

    void update(Handle h, Project p) {
        h.createUpdate("UPDATE projects SET public_key = :pk, secret_key = :sk, autostore = :autostore,"
                        + " signed_uploads = :signed, secure_delivery = :secure, max_upload_bytes = :max,"
                        + " allowed_mime_types = :mimes, eager_variants = :eager WHERE id = :id")
                .bind("pk", p.publicKey()).bind("sk", p.secretKey()).bind("autostore", p.autostore())
                .bind("signed", p.signedUploads()).bind("secure", p.secureDelivery())
                .bind("max", p.maxUploadBytes())
                .bind("mimes", p.allowedMimeTypes().isEmpty() ? null : String.join(",", p.allowedMimeTypes()))
                .bind("eager", p.eagerVariants().isEmpty() ? null : String.join(" ", p.eagerVariants()))
                .bind("id", p.id())
                .execute();
    }

    private static Project map(ResultSet rs, StatementContext ctx) throws SQLException {
        long max = rs.getLong("max_upload_bytes");
        Long maxUpload = rs.wasNull() ? null : max;
        return new Project(rs.getLong("id"), rs.getString("name"), rs.getString("public_key"),
                rs.getString("secret_key"), rs.getBoolean("autostore"), rs.getBoolean("signed_uploads"),
                rs.getBoolean("secure_delivery"), maxUpload, split(rs.getString("allowed_mime_types"), ","),
                split(rs.getString("eager_variants"), " "), rs.getLong("created_at"));
    }

    private static List<String> split(String joined, String separator) {
        if (joined == null || joined.isBlank()) return List.of();
        return Arrays.stream(joined.split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
