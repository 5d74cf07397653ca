package io.satchel.migrate;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;

/**
 * A column of a target table, and how a source value crosses to its type. SQLite keeps booleans as 0/1,
 * bytes as BLOB and db-scheduler's times as epoch milliseconds in TIMESTAMP columns; PostgreSQL has
 * BOOLEAN, BYTEA and TIMESTAMPTZ. Values are read by the target's type, so one copy serves either source.
 */
record Column(String name, Kind kind) {

    enum Kind { BOOLEAN, INTEGER, TEXT, BYTES, TIMESTAMP }

    private static final ThreadLocal<Calendar> UTC =
            ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT));

    /** The kind of a target column from JDBC metadata; a type the copy cannot carry stops it. */
    static Kind kindOf(String table, String column, int jdbcType, String typeName) {
        return switch (jdbcType) {
            case Types.BIT, Types.BOOLEAN -> Kind.BOOLEAN;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Kind.INTEGER;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.CLOB -> Kind.TEXT;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Kind.BYTES;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> Kind.TIMESTAMP;
            default -> throw new MigrationRefused("the target column " + table + "." + column + " has type " + typeName
                    + ", which this version of the migration cannot copy");
        };
    }

    String quoted() {
        return quote(name);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** The source's value at {@code index}, as the Java value of the target's type (or null). */
    Object read(ResultSet rs, int index) throws SQLException {
        return switch (kind) {
            case BOOLEAN -> bool(rs.getObject(index));
            case INTEGER -> {
                long v = rs.getLong(index);
                yield rs.wasNull() ? null : v;
            }
            case TEXT -> rs.getString(index);
            case BYTES -> rs.getBytes(index);
            // As db-scheduler reads its own rows back (it writes them with a UTC calendar).
            case TIMESTAMP -> {
                Timestamp t = rs.getTimestamp(index, UTC.get());
                yield t == null ? null : t.toInstant().atOffset(ZoneOffset.UTC);
            }
        };
    }

    void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        switch (kind) {
            case BOOLEAN -> {
                if (value == null) ps.setNull(index, Types.BOOLEAN);
                else ps.setBoolean(index, (Boolean) value);
            }
            case INTEGER -> {
                if (value == null) ps.setNull(index, Types.BIGINT);
                else ps.setLong(index, (Long) value);
            }
            case TEXT -> {
                if (value == null) ps.setNull(index, Types.VARCHAR);
                else ps.setString(index, (String) value);
            }
            case BYTES -> {
                if (value == null) ps.setNull(index, Types.BINARY);
                else ps.setBytes(index, (byte[]) value);
            }
            case TIMESTAMP -> {
                if (value == null) ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
                else ps.setObject(index, (OffsetDateTime) value);
            }
        }
    }

    private Boolean bool(Object v) {
        return switch (v) {
            case null -> null;
            case Boolean b -> b;
            case Number n -> n.longValue() != 0;
            case String s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "1", "t", "true" -> true;
                case "0", "f", "false" -> false;
                default -> throw new MigrationRefused("column " + name + " holds '" + s + "', not a boolean");
            };
            default -> throw new MigrationRefused("column " + name + " holds a " + v.getClass().getSimpleName()
                    + ", not a boolean");
        };
    }
}
