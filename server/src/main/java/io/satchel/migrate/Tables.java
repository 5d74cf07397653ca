package io.satchel.migrate;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.util.List;
import java.util.Set;

/**
 * The catalog's tables as the migration knows them, parents before children (foreign-key order). A table
 * the source has and this list does not name stops the migration: a new migration file needs a line here.
 */
final class Tables {

    /**
     * One table to copy. {@code where} keeps rows that belong to this node only out of the copy (and out of
     * removal and verification); {@code prune} removes target rows the source no longer has; {@code checked}
     * are the columns the verification hashes besides the primary key.
     */
    record Table(String name, String where, boolean prune, List<String> checked) {
        String filter() {
            return where == null ? "" : " WHERE " + where;
        }
    }

    /**
     * Projects and files are never removed from the target: the application never deletes their rows, so
     * a target row the source lacks is someone else's, not a deletion to follow.
     */
    static final List<Table> COPIED = List.of(
            new Table("projects", null, false, List.of("public_key")),
            new Table("files", null, false, List.of("size", "sha256", "status", "datetime_removed")),
            new Table("file_metadata", null, true, List.of()),
            new Table("file_groups", null, true, List.of()),
            new Table("file_group_members", null, true, List.of()),
            new Table("pending_uploads", null, true, List.of()),
            new Table("pending_upload_parts", null, true, List.of()),
            new Table("url_tasks", null, true, List.of()),
            new Table("url_duplicates", null, true, List.of()),
            new Table("finished_uploads", null, true, List.of()),
            // Recurring chores are scheduled by every node as it starts; only queued one-time jobs move.
            new Table("scheduled_tasks", "task_instance <> '" + RecurringTask.INSTANCE + "'", true, List.of()));

    /** Leases name the old node as holder: they mean nothing on the cluster. Flyway keeps its own history. */
    static final Set<String> NOT_COPIED = Set.of("upload_leases", "flyway_schema_history");

    private Tables() {}

    static boolean isInternal(String name) {
        return name.startsWith("sqlite_");
    }
}
