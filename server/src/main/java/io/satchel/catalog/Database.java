package io.satchel.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.satchel.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The catalog's connection: a pool, JDBI on top, and the schema brought up to date by Flyway from the
 * dialect's migration folder. SQLite runs in WAL mode with IMMEDIATE transactions (one writer at a
 * time, no SQLITE_BUSY on read-then-write); PostgreSQL is plain.
 */
public final class Database implements AutoCloseable {

    public enum Dialect { SQLITE, POSTGRESQL }

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Dialect dialect;

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(pool);
    }

    public static Database open(Settings settings) {
        String url = settings.effectiveDatabaseUrl();
        Dialect dialect = url.startsWith("jdbc:postgresql:") ? Dialect.POSTGRESQL : Dialect.SQLITE;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("satchel-catalog");
        if (dialect == Dialect.SQLITE) {
            createParentFolder(url.substring("jdbc:sqlite:".length()));
            config.setMaximumPoolSize(8);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "15000");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else {
            config.setMaximumPoolSize(16);
            // While the database restarts, a request fails within seconds (503) instead of hanging half a minute.
            config.setConnectionTimeout(5000);
            if (settings.databaseUser() != null) config.setUsername(settings.databaseUser());
            if (settings.databasePassword() != null) config.setPassword(settings.databasePassword());
        }
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration/" + dialect.name().toLowerCase(java.util.Locale.ROOT))
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, dialect);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return pool;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Whether the catalog answers a trivial query (readiness). */
    public boolean isHealthy() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private static void createParentFolder(String file) {
        if (file.isBlank() || file.startsWith(":memory:") || file.startsWith("file:")) return;
        int q = file.indexOf('?');
        Path parent = Path.of(q >= 0 ? file.substring(0, q) : file).toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the catalog folder " + parent, e);
        }
    }
}
