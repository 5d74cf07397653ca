package io.satchel.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Copies one table from the source snapshot into PostgreSQL, a batch of rows per transaction: an upsert
 * on the primary key that writes only rows that are new or differ (so a second run touches only changes,
 * and says how many). With {@code prune}, the keys seen go to a temporary table, and target rows whose key
 * the source no longer has are removed at the end.
 */
final class TableCopy {
    static final int BATCH = 1000;
    private static final String SEEN = "migrate_seen";

    /** What one table's copy did: source rows read, target rows inserted, updated and removed. */
    record Result(long rows, long inserted, long updated, long removed) {
        boolean changedAnything() {
            return inserted + updated + removed > 0;
        }
    }

    private final Shape shape;
    private final Connection source;
    private final Connection target;
    private final boolean prune;

    TableCopy(Shape shape, Connection source, Connection target, boolean prune) {
        this.shape = shape;
        this.source = source;
        this.target = target;
        this.prune = prune;
    }

    /** {@code progress} is told of each batch's rows once they are committed. */
    Result run(LongConsumer progress) throws SQLException {
        if (prune) execute("DROP TABLE IF EXISTS " + SEEN, "CREATE TEMPORARY TABLE " + SEEN + " AS SELECT "
                + Shape.list(shape.key(), "") + " FROM " + shape.name() + " WITH NO DATA");
        target.commit();
        long rows = 0;
        long inserted = 0;
        long updated = 0;
        List<Object[]> batch = new ArrayList<>(BATCH);
        try (Statement s = source.createStatement()) {
            s.setFetchSize(BATCH);
            try (ResultSet rs = s.executeQuery(shape.select())) {
                while (true) {
                    boolean more = rs.next();
                    if (more) batch.add(row(rs));
                    if (batch.size() == BATCH || !more && !batch.isEmpty()) {
                        long[] counts = write(batch);
                        inserted += counts[0];
                        updated += counts[1];
                        rows += batch.size();
                        progress.accept(batch.size());
                        batch.clear();
                    }
                    if (!more) break;
                }
            }
        }
        long removed = 0;
        if (prune) {
            execute("ANALYZE " + SEEN);
            removed = removeUnseen();
            execute("DROP TABLE " + SEEN);
            target.commit();
        }
        return new Result(rows, inserted, updated, removed);
    }

    private Object[] row(ResultSet rs) throws SQLException {
        List<Column> columns = shape.columns();
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) row[i] = columns.get(i).read(rs, i + 1);
        return row;
    }

    /** Upserts a batch (and notes its keys) in one transaction; answers {inserted, updated}. */
    private long[] write(List<Object[]> batch) throws SQLException {
        List<Column> columns = shape.columns();
        long inserted = 0;
        long updated = 0;
        try (PreparedStatement ps = target.prepareStatement(upsert(batch.size()))) {
            int p = 1;
            for (Object[] row : batch) {
                for (int i = 0; i < row.length; i++) columns.get(i).bind(ps, p++, row[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(1)) inserted++;
                    else updated++;
                }
            }
        }
        if (prune) {
            List<Column> key = shape.key();
            try (PreparedStatement ps = target.prepareStatement("INSERT INTO " + SEEN + " (" + Shape.list(key, "")
                    + ") VALUES " + placeholders(batch.size(), key.size()))) {
                int p = 1;
                for (Object[] row : batch) {
                    for (Column k : key) k.bind(ps, p++, row[columns.indexOf(k)]);
                }
                ps.executeUpdate();
            }
        }
        target.commit();
        return new long[] {inserted, updated};
    }

    /**
     * Inserts the rows; a row whose key is there already is updated only where a value differs, so the
     * rows returned are the ones written, and {@code xmax = 0} tells a new row from an updated one.
     */
    private String upsert(int rows) {
        List<Column> values = shape.values();
        String onConflict = values.isEmpty() ? "DO NOTHING"
                : "DO UPDATE SET " + values.stream().map(c -> c.quoted() + " = EXCLUDED." + c.quoted())
                        .collect(Collectors.joining(", "))
                        + " WHERE ROW(" + Shape.list(values, "t.") + ") IS DISTINCT FROM ROW(" + Shape.list(values, "EXCLUDED.") + ")";
        return "INSERT INTO " + shape.name() + " AS t (" + Shape.list(shape.columns(), "") + ") VALUES "
                + placeholders(rows, shape.columns().size())
                + " ON CONFLICT (" + Shape.list(shape.key(), "") + ") " + onConflict + " RETURNING (xmax = 0)";
    }

    private long removeUnseen() throws SQLException {
        String where = shape.table().where();
        String matches = shape.key().stream().map(c -> "s." + c.quoted() + " = t." + c.quoted())
                .collect(Collectors.joining(" AND "));
        try (Statement s = target.createStatement()) {
            return s.executeLargeUpdate("DELETE FROM " + shape.name() + " AS t WHERE " + (where == null ? "" : "(" + where + ") AND ")
                    + "NOT EXISTS (SELECT 1 FROM " + SEEN + " s WHERE " + matches + ")");
        }
    }

    private void execute(String... sql) throws SQLException {
        try (Statement s = target.createStatement()) {
            for (String statement : sql) s.execute(statement);
        }
    }

    private static String placeholders(int rows, int columns) {
        String row = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        return String.join(", ", Collections.nCopies(rows, row));
    }
}
