package io.satchel.groups;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Groups and their members in the catalog. */
final class GroupCatalog {
    private final Jdbi jdbi;

    GroupCatalog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(Group g) {
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO file_groups (id, project_id, files_count, datetime_created, datetime_stored)"
                            + " VALUES (:id, :p, :n, :created, :stored)")
                    .bind("id", g.id()).bind("p", g.projectId()).bind("n", g.filesCount())
                    .bind("created", g.datetimeCreated()).bind("stored", g.datetimeStored()).execute();
            var batch = h.prepareBatch("INSERT INTO file_group_members (group_id, position, file_uuid, default_effects)"
                    + " VALUES (:g, :i, :f, :e)");
            for (Group.Member m : g.members()) {
                batch.bind("g", g.id()).bind("i", m.position()).bind("f", m.fileUuid()).bind("e", m.defaultEffects()).add();
            }
            batch.execute();
        });
    }

    Optional<Group> find(long projectId, String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, project_id, files_count, datetime_created, datetime_stored"
                        + " FROM file_groups WHERE id = :id AND project_id = :p")
                .bind("id", id).bind("p", projectId)
                .map((rs, ctx) -> header(rs)).findOne()
                .map(g -> withMembers(h, g)));
    }

    Optional<Group> findById(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, project_id, files_count, datetime_created, datetime_stored"
                        + " FROM file_groups WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> header(rs)).findOne()
                .map(g -> withMembers(h, g)));
    }

    /** Groups by creation time, exclusive cursors; {@code to} walks backwards. */
    List<Group> list(long projectId, Long from, Long to, boolean descending, int limit) {
        return jdbi.withHandle(h -> {
            boolean reverse = to != null && from == null;
            boolean desc = descending != reverse;
            StringBuilder sql = new StringBuilder("SELECT id, project_id, files_count, datetime_created, datetime_stored"
                    + " FROM file_groups WHERE project_id = :p");
            if (from != null) sql.append(descending ? " AND datetime_created < :from" : " AND datetime_created > :from");
            if (to != null) sql.append(descending ? " AND datetime_created > :to" : " AND datetime_created < :to");
            sql.append(" ORDER BY datetime_created ").append(desc ? "DESC" : "ASC").append(", id LIMIT :limit");
            var q = h.createQuery(sql.toString()).bind("p", projectId).bind("limit", limit);
            if (from != null) q.bind("from", from);
            if (to != null) q.bind("to", to);
            List<Group> page = new ArrayList<>(q.map((rs, ctx) -> header(rs)).list());
            if (reverse) java.util.Collections.reverse(page);
            return page;
        });
    }

    long count(long projectId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM file_groups WHERE project_id = :p")
                .bind("p", projectId).mapTo(Long.class).one());
    }

    boolean delete(long projectId, String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM file_groups WHERE id = :id AND project_id = :p")
                .bind("id", id).bind("p", projectId).execute()) > 0;
    }

    void markStored(String id, long now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE file_groups SET datetime_stored = :now WHERE id = :id")
                .bind("now", now).bind("id", id).execute());
    }

    private static Group header(java.sql.ResultSet rs) throws java.sql.SQLException {
        long stored = rs.getLong("datetime_stored");
        Long datetimeStored = rs.wasNull() ? null : stored;
        return new Group(rs.getString("id"), rs.getLong("project_id"), rs.getInt("files_count"),
                rs.getLong("datetime_created"), datetimeStored, List.of());
    }

    private static Group withMembers(Handle h, Group g) {
        List<Group.Member> members = h.createQuery("SELECT position, file_uuid, default_effects FROM file_group_members"
                        + " WHERE group_id = :g ORDER BY position")
                .bind("g", g.id())
                .map((rs, ctx) -> new Group.Member(rs.getInt(1), rs.getString(2), rs.getString(3))).list();
        return new Group(g.id(), g.projectId(), g.filesCount(), g.datetimeCreated(), g.datetimeStored(), members);
    }
}
