package io.satchel.migrate;

import io.satchel.catalog.Database;
import io.satchel.config.Settings;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;

/**
 * {@code migrate catalog}: the source catalog into PostgreSQL. The target's schema is brought to the
 * source's version first (Database.open runs Flyway), then every table is copied in foreign-key order, the
 * project id sequence is moved past the copied ids, and each table is verified by row count and checksum.
 */
final class CatalogMigration {
    private final Settings source;
    private final Settings target;
    private final boolean force;
    private final Progress progress;
    private final PrintStream out;
    private final PrintStream err;

    CatalogMigration(Settings source, Settings target, boolean force, Progress progress, PrintStream out, PrintStream err) {
        this.source = source;
        this.target = target;
        this.force = force;
        this.progress = progress;
        this.out = out;
        this.err = err;
    }

    /** 0 when the target holds exactly the source's rows; 1 when it does not. Refusals throw. */
    int run() throws SQLException {
        try (SourceCatalog from = SourceCatalog.open(source); Database to = Database.open(target)) {
            String targetVersion = SourceCatalog.versionOf(to.dataSource(), to.dialect());
            if (!targetVersion.equals(from.version())) {
                throw new MigrationRefused("the target's schema version is " + targetVersion + ", the source's "
                        + from.version() + ": run the migration with the Satchel version whose schema is the newer one");
            }
            try (Connection dst = to.dataSource().getConnection()) {
                dst.setAutoCommit(false);
                return copy(from, dst);
            }
        }
    }

    private int copy(SourceCatalog from, Connection dst) throws SQLException {
        Connection src = from.connection();
        requireKnownTables(src);
        boolean prune = mayPrune(src, dst);
        out.println("Catalog " + Redact.url(from.url()) + " -> " + Redact.url(target.effectiveDatabaseUrl())
                + " (schema version " + from.version() + ")");
        Map<Shape, TableCopy.Result> results = new LinkedHashMap<>();
        for (Tables.Table table : Tables.COPIED) {
            Shape shape = Shape.of(table, src, dst);
            TableCopy copy = new TableCopy(shape, src, dst, prune && table.prune());
            long rows = count(src, shape);
            if (rows == 0) {
                results.put(shape, copy.run(n -> {})); // still removes what the source no longer has
                continue;
            }
            try (ProgressBar bar = progress.start(table.name(), rows, "", 1)) {
                results.put(shape, copy.run(bar::stepBy));
            }
        }
        advanceProjectIds(dst);
        return report(results, src, dst, prune);
    }

    /** A table this list does not know would be left behind without a word: stop instead. */
    private static void requireKnownTables(Connection src) throws SQLException {
        Set<String> known = new HashSet<>(Tables.NOT_COPIED);
        Tables.COPIED.forEach(t -> known.add(t.name()));
        List<String> unknown = new ArrayList<>();
        try (ResultSet rs = src.getMetaData().getTables(null, src.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (!known.contains(name) && !Tables.isInternal(name)) unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new MigrationRefused("the source has tables this migration does not know: " + String.join(", ", unknown));
        }
    }

    /**
     * Whether target rows the source lacks may be removed: only when the target holds nothing but earlier
     * copies of this source. A project the source does not have, or chores a node has scheduled there (a
     * node started on it), mean it does not; then the copy is refused, or with --force made without removing.
     */
    private boolean mayPrune(Connection src, Connection dst) throws SQLException {
        Set<String> ours = new HashSet<>();
        try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery("SELECT id, public_key FROM projects")) {
            while (rs.next()) ours.add(rs.getLong(1) + " " + rs.getString(2));
        }
        List<String> foreign = new ArrayList<>();
        try (Statement s = dst.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name, public_key FROM projects ORDER BY id")) {
            while (rs.next()) {
                if (!ours.contains(rs.getLong(1) + " " + rs.getString(3))) {
                    foreign.add("'" + rs.getString(2) + "' (id " + rs.getLong(1) + ", public key " + rs.getString(3) + ")");
                }
            }
        }
        boolean served;
        try (PreparedStatement ps = dst.prepareStatement("SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = ?")) {
            ps.setString(1, com.github.kagkarlsson.scheduler.task.helper.RecurringTask.INSTANCE);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                served = rs.getLong(1) > 0;
            }
        }
        dst.commit();
        if (foreign.isEmpty() && !served) return true;
        String why = !foreign.isEmpty()
                ? "the target has projects the source does not: " + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                        + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "")
                : "a Satchel node has already run on the target (its chores are scheduled there), so its rows may be newer than the source's";
        if (!force) {
            throw new MigrationRefused(why + ". Copy into an empty database, or pass --force to copy over it anyway"
                    + " (target rows with the same keys are then overwritten; rows the source lacks are kept).");
        }
        err.println("satchel: --force: " + why + "; copying over it, removing nothing.");
        return false;
    }

    private static long count(Connection c, Shape shape) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + shape.name() + shape.table().filter())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Copied projects keep their ids; the next project created on the cluster must get a new one. */
    private static void advanceProjectIds(Connection dst) throws SQLException {
        try (Statement s = dst.createStatement()) {
            s.execute("SELECT setval(pg_get_serial_sequence('projects', 'id'), MAX(id)) FROM projects HAVING MAX(id) IS NOT NULL");
        }
        dst.commit();
    }

    private int report(Map<Shape, TableCopy.Result> results, Connection src, Connection dst, boolean pruned) throws SQLException {
        out.printf("%-22s %10s %8s %8s %8s  %s%n", "table", "rows", "new", "changed", "removed", "verified");
        List<String> failed = new ArrayList<>();
        long rows = 0;
        long inserted = 0;
        long updated = 0;
        long removed = 0;
        for (var e : results.entrySet()) {
            Shape shape = e.getKey();
            TableCopy.Result r = e.getValue();
            Checksum there = Checksum.of(src, shape);
            Checksum here = Checksum.of(dst, shape);
            boolean same = there.equals(here);
            if (!same) {
                failed.add(shape.table().name() + " (source " + there.rows() + " rows, target " + here.rows() + " rows"
                        + (there.rows() == here.rows() ? ", different keys or values" : "") + ")");
            }
            out.printf("%-22s %10d %8d %8d %8d  %s%n", shape.table().name(), r.rows(), r.inserted(), r.updated(), r.removed(),
                    same ? "yes" : "NO");
            rows += r.rows();
            inserted += r.inserted();
            updated += r.updated();
            removed += r.removed();
        }
        dst.commit();
        if (!failed.isEmpty()) {
            out.println("NOT verified: " + String.join("; ", failed) + ".");
            out.println(pruned ? "Was the target written to during the copy? Run the migration again."
                    : "The target holds rows of its own (--force), so it cannot equal the source.");
            return 1;
        }
        out.println("Verified: " + results.size() + " tables, " + rows + " rows; "
                + (inserted + updated + removed == 0 ? "nothing new since the last copy."
                        : inserted + " new, " + updated + " changed, " + removed + " removed."));
        return 0;
    }
}
