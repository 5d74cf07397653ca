package io.satchel.migrate;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What is copied of one table: the target's columns (in its order) that the source has too, typed by the
 * target, and the target's primary key. A source column the target lacks means the schemas differ: stop.
 */
record Shape(Tables.Table table, List<Column> columns, List<Column> key) {

    static Shape of(Tables.Table table, Connection source, Connection target) throws SQLException {
        Set<String> sourceColumns = new LinkedHashSet<>();
        try (ResultSet rs = source.getMetaData().getColumns(null, source.getSchema(), table.name(), null)) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equals(table.name())) sourceColumns.add(rs.getString("COLUMN_NAME"));
            }
        }
        DatabaseMetaData meta = target.getMetaData();
        List<Column> columns = new ArrayList<>();
        Set<String> targetColumns = new LinkedHashSet<>();
        try (ResultSet rs = meta.getColumns(null, target.getSchema(), table.name(), null)) {
            while (rs.next()) {
                if (!rs.getString("TABLE_NAME").equals(table.name())) continue;
                String name = rs.getString("COLUMN_NAME");
                targetColumns.add(name);
                // A column only the target has (db-scheduler's `state` on PostgreSQL) keeps its default.
                if (sourceColumns.contains(name)) {
                    columns.add(new Column(name, Column.kindOf(table.name(), name, rs.getInt("DATA_TYPE"),
                            rs.getString("TYPE_NAME"))));
                }
            }
        }
        if (targetColumns.isEmpty()) throw new MigrationRefused("the target has no table " + table.name());
        Set<String> missing = new LinkedHashSet<>(sourceColumns);
        missing.removeAll(targetColumns);
        if (!missing.isEmpty()) {
            throw new MigrationRefused("the target's " + table.name() + " has no column " + String.join(", ", missing)
                    + ": the two catalogs' schemas differ");
        }
        TreeMap<Short, String> keyOrder = new TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(null, target.getSchema(), table.name())) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equals(table.name())) keyOrder.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        if (keyOrder.isEmpty()) throw new MigrationRefused("the target's " + table.name() + " has no primary key");
        List<Column> key = keyOrder.values().stream()
                .map(k -> columns.stream().filter(c -> c.name().equals(k)).findFirst()
                        .orElseThrow(() -> new MigrationRefused("the source's " + table.name() + " has no column " + k)))
                .toList();
        return new Shape(table, List.copyOf(columns), key);
    }

    String name() {
        return Column.quote(table.name());
    }

    List<Column> values() {
        return columns.stream().filter(c -> !key.contains(c)).toList();
    }

    static String list(List<Column> columns, String prefix) {
        return columns.stream().map(c -> prefix + c.quoted()).collect(Collectors.joining(", "));
    }

    /** The rows to copy: every column copied, without the rows that stay behind. */
    String select() {
        return "SELECT " + list(columns, "") + " FROM " + name() + table.filter();
    }

    /** The columns the verification hashes: the primary key, then the table's checked columns. */
    List<Column> checked() {
        List<Column> out = new ArrayList<>(key);
        for (String name : table.checked()) {
            columns.stream().filter(c -> c.name().equals(name) && !key.contains(c)).findFirst().ifPresent(out::add);
        }
        return out;
    }
}
