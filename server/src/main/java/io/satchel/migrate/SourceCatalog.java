package io.satchel.migrate;

import io.satchel.catalog.Database.Dialect;
import io.satchel.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

/**
 * The catalog being moved, read without being changed. Its schema is only inspected (Flyway's info, never
 * its migrate: the old node may be serving on it), and every read happens in one snapshot, so rows written
 * meanwhile cannot arrive without their parents and the verification compares against that same moment.
 * SQLite in WAL mode keeps a snapshot for a deferred read transaction without blocking the node's writes.
 */
final class SourceCatalog implements AutoCloseable {
    private final Connection connection;
    private final String version;
    private final String url;

    private SourceCatalog(Connection connection, String version, String url) {
        this.connection = connection;
        this.version = version;
        this.url = url;
    }

    static SourceCatalog open(Settings settings) throws SQLException {
        String url = settings.effectiveDatabaseUrl();
        Dialect dialect = dialectOf(url);
        if (dialect == Dialect.SQLITE) {
            Path file = Path.of(url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", ""));
            if (!Files.isRegularFile(file)) {
                throw new MigrationRefused("there is no catalog at " + file.toAbsolutePath()
                        + ": run the migration with the same settings (SATCHEL_DATA_DIR…) as the node you move");
            }
        }
        MigrationInfoService info = Flyway.configure().dataSource(url, settings.databaseUser(), settings.databasePassword())
                .locations(locationOf(dialect)).load().info();
        String version = versionOf(info);
        if (Arrays.stream(info.all()).anyMatch(m -> m.getState() == MigrationState.FUTURE_SUCCESS)) {
            throw new MigrationRefused("the catalog at " + url + " has schema version " + version
                    + ", newer than this Satchel knows: run the migration with the Satchel version the node runs");
        }
        if (info.pending().length > 0) {
            throw new MigrationRefused("the catalog at " + url + " has schema version " + version + ", older than this"
                    + " Satchel's " + latestOf(info) + ": start the old node once on this version of Satchel (it brings"
                    + " its catalog up to date as it starts), then run the migration again");
        }
        Connection c;
        if (dialect == Dialect.SQLITE) {
            Properties p = new Properties();
            p.setProperty("busy_timeout", "15000");
            c = DriverManager.getConnection(url, p); // deferred transactions: reading takes no write lock
        } else {
            c = DriverManager.getConnection(url, settings.databaseUser(), settings.databasePassword());
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
        }
        c.setAutoCommit(false);
        return new SourceCatalog(c, version, url);
    }

    static Dialect dialectOf(String url) {
        return url.startsWith("jdbc:postgresql:") ? Dialect.POSTGRESQL : Dialect.SQLITE;
    }

    static String locationOf(Dialect dialect) {
        return "classpath:db/migration/" + dialect.name().toLowerCase(Locale.ROOT);
    }

    /** The schema version of a catalog already brought up to date (the target, through Database.open). */
    static String versionOf(DataSource ds, Dialect dialect) {
        return versionOf(Flyway.configure().dataSource(ds).locations(locationOf(dialect)).load().info());
    }

    private static String versionOf(MigrationInfoService info) {
        MigrationInfo current = info.current();
        return current == null || current.getVersion() == null ? "(none)" : current.getVersion().getVersion();
    }

    private static String latestOf(MigrationInfoService info) {
        MigrationInfo[] pending = info.pending();
        return pending[pending.length - 1].getVersion().getVersion();
    }

    Connection connection() {
        return connection;
    }

    String version() {
        return version;
    }

    String url() {
        return url;
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback(); // nothing was written: this only ends the snapshot
        } finally {
            connection.close();
        }
    }
}
