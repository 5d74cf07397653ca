package io.satchel.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A real PostgreSQL for tests: the one named by {@code SATCHEL_TEST_POSTGRES_URL} (a JDBC URL of an
 * existing server, with {@code SATCHEL_TEST_POSTGRES_USER} / {@code _PASSWORD}), else an embedded server
 * started once per test JVM and stopped when the JVM exits. Each caller gets a fresh database.
 */
public final class Postgres {
    private static EmbeddedPostgres embedded;

    private Postgres() {}

    /** A new empty database: {jdbcUrl, user, password}. */
    public static synchronized String[] freshDatabase() {
        String external = System.getenv("SATCHEL_TEST_POSTGRES_URL");
        String user = external != null ? System.getenv().getOrDefault("SATCHEL_TEST_POSTGRES_USER", "postgres") : "postgres";
        String password = external != null ? System.getenv().getOrDefault("SATCHEL_TEST_POSTGRES_PASSWORD", "") : "postgres";
        String adminUrl = external != null ? external : embedded().getJdbcUrl("postgres", "postgres");
        String name = "satchel_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(adminUrl, user, password)) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + adminUrl, e);
        }
        int slash = adminUrl.lastIndexOf('/');
        int q = adminUrl.indexOf('?', slash);
        String url = adminUrl.substring(0, slash + 1) + name + (q >= 0 ? adminUrl.substring(q) : "");
        return new String[] {url, user, password};
    }

    private static EmbeddedPostgres embedded() {
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start an embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return embedded;
    }
}
