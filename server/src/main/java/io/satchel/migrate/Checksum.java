package io.satchel.migrate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * A table's row count and a checksum over some of its columns, the same whichever dialect holds it. Each
 * row's values are hashed (SHA-256) and the hashes added up, so the order rows come in does not matter:
 * the two databases sort text differently, and neither has to sort at all.
 */
record Checksum(long rows, long sum) {

    static Checksum of(Connection c, Shape shape) throws SQLException {
        List<Column> columns = shape.checked();
        MessageDigest sha = sha256();
        long rows = 0;
        long sum = 0;
        try (Statement s = c.createStatement()) {
            s.setFetchSize(TableCopy.BATCH);
            try (ResultSet rs = s.executeQuery("SELECT " + Shape.list(columns, "") + " FROM " + shape.name()
                    + shape.table().filter())) {
                while (rs.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        sha.update(canonical(columns.get(i).read(rs, i + 1)).getBytes(StandardCharsets.UTF_8));
                        sha.update((byte) 0);
                    }
                    sum += ByteBuffer.wrap(sha.digest()).getLong();
                    rows++;
                }
            }
        }
        return new Checksum(rows, sum);
    }

    /** One spelling per value: the values are already of the target's types, whichever side they come from. */
    private static String canonical(Object v) {
        return switch (v) {
            case null -> "\u0001null";
            case byte[] b -> HexFormat.of().formatHex(b);
            default -> v.toString();
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
