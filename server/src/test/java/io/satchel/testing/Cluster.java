package io.satchel.testing;

import io.satchel.storage.StorageSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Satchel as a cluster, with real parts only: a PostgreSQL of its own (so a test may restart it), a
 * bucket on the test S3 server, and nodes as child processes sharing both, each with its own data
 * folder. Always {@link #close()}d: no process outlives the test.
 */
public final class Cluster implements AutoCloseable {
    public static final String PUB = TestServer.PUB;
    public static final String SECRET = TestServer.SECRET;

    private final Path root = TestServer.tempDir();
    private final Path pgData = root.resolve("postgres");
    private final StorageSettings storage;
    private final Map<String, String> extraEnv;
    private final List<ChildServer> nodes = new ArrayList<>();
    private final List<Path> nodeDirs = new ArrayList<>();
    private final List<String> logs = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private int pgPort;

    private Cluster(StorageSettings storage, Map<String, String> extraEnv) {
        this.storage = storage;
        this.extraEnv = extraEnv;
    }

    /** {@code count} nodes over a new PostgreSQL and a new bucket; the first starts alone (it migrates the catalog). */
    public static Cluster start(int count, Map<String, String> env) {
        Cluster c = new Cluster(S3Server.freshBucket(), env);
        try {
            c.startPostgres();
            try (Connection conn = DriverManager.getConnection(c.postgres.getJdbcUrl("postgres", "postgres"))) {
                conn.createStatement().execute("CREATE DATABASE satchel");
            }
            for (int i = 0; i < count; i++) c.addNode(root(c, i));
        } catch (IOException | SQLException | RuntimeException e) {
            c.close();
            throw new IllegalStateException("cannot start the cluster", e);
        }
        return c;
    }

    private static Path root(Cluster c, int i) {
        return c.root.resolve("node-" + i);
    }

    private void startPostgres() throws IOException {
        var builder = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false);
        if (pgPort != 0) builder.setPort(pgPort);
        postgres = builder.start();
        pgPort = postgres.getPort();
    }

    /** Stops PostgreSQL (fast shutdown: sessions are cut) and starts it again on the same data and port. */
    public void restartPostgres() throws IOException {
        postgres.close();
        startPostgres();
    }

    /** A connection to the cluster's catalog, to look behind the API. */
    public Connection catalog() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + pgPort + "/satchel";
    }

    public StorageSettings storage() {
        return storage;
    }

    public Path bucketFolder() {
        return S3Server.bucketFolder(storage);
    }

    public ChildServer node(int i) {
        return nodes.get(i);
    }

    public Path dataDir(int i) {
        return nodeDirs.get(i);
    }

    public int size() {
        return nodes.size();
    }

    private void addNode(Path dataDir) throws IOException {
        nodes.add(ChildServer.start(dataDir, List.of("-Xmx256m"), environment()));
        nodeDirs.add(dataDir);
    }

    /** Kills node {@code i} at once (SIGKILL), as a crash would. */
    public void kill(int i) throws InterruptedException {
        nodes.get(i).kill();
    }

    /** Starts node {@code i} again, on its data folder or, with {@code emptyDataDir}, on a new empty one. */
    public ChildServer restart(int i, boolean emptyDataDir) throws IOException, InterruptedException {
        nodes.get(i).close();
        logs.add(nodes.get(i).output());
        Path dir = emptyDataDir ? root.resolve("node-" + i + "-again-" + System.nanoTime()) : nodeDirs.get(i);
        ChildServer again = ChildServer.start(dir, List.of("-Xmx256m"), environment());
        nodes.set(i, again);
        nodeDirs.set(i, dir);
        return again;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(S3Server.environment(storage));
        env.put("SATCHEL_DATABASE_URL", jdbcUrl());
        env.put("SATCHEL_DATABASE_USER", "postgres");
        env.put("SATCHEL_DATABASE_PASSWORD", "postgres");
        env.put("SATCHEL_BOOTSTRAP_PROJECT", "alpha:" + PUB + ":" + SECRET);
        env.put("SATCHEL_JOB_HEARTBEAT", "1s");
        env.put("SATCHEL_SHUTDOWN_GRACE", "2s");
        env.put("SATCHEL_FETCH_ALLOW_PRIVATE_NETWORKS", "true");
        env.putAll(extraEnv);
        return env;
    }

    /** The warnings and errors every node (also the ones replaced) logged, for a failed test's report. */
    public String problems() {
        StringBuilder sb = new StringBuilder();
        for (String log : logs) {
            log.lines().filter(l -> l.contains("SEVERE") || l.contains("WARNING") || l.contains("Exception")
                    || l.startsWith("\tat io.satchel") || l.startsWith("Caused by")).limit(200)
                    .forEach(l -> sb.append(l).append('\n'));
            sb.append("----\n");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        for (ChildServer n : nodes) {
            try {
                n.close();
                logs.add(n.output());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (postgres != null) postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TestServer.deleteTree(root);
        }
    }
}
