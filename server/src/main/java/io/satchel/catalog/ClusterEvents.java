package io.satchel.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * News every node must hear at once: a file was removed, so no node may serve it again from its
 * memory or disk. On PostgreSQL it travels by {@code NOTIFY} and each node {@code LISTEN}s on a
 * connection of its own, reconnecting when the database comes back; after a reconnect, listeners of
 * {@link #onResync} hear that news may have been missed. On SQLite there is one node: news is told to
 * this node's listeners directly.
 *
 * <p>Delivery is at most a few milliseconds late while the connection stands. It is not the only
 * guard: the CDN re-reads a file's record at least every few seconds, so a node that missed the news
 * stops serving the file by then anyway.
 */
public final class ClusterEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);
    private static final String REMOVED = "satchel_file_removed";
    private static final Pattern UUID = Pattern.compile("[0-9a-f-]{36}");

    private final Database database;
    private final List<Consumer<String>> removed = new CopyOnWriteArrayList<>();
    private final List<Runnable> resync = new CopyOnWriteArrayList<>();
    private final Thread listener;
    private volatile boolean closed;
    private volatile Connection listening;

    public ClusterEvents(Database database, String url, String user, String password) {
        this.database = database;
        if (database.dialect() == Database.Dialect.POSTGRESQL) {
            this.listener = Thread.ofPlatform().daemon().name("cluster-events").unstarted(() -> listen(url, user, password));
            listener.start();
        } else {
            this.listener = null;
        }
    }

    /** Calls {@code listener} with the uuid of every file removed on any node (this one included). */
    public void onFileRemoved(Consumer<String> listener) {
        removed.add(listener);
    }

    /** Calls {@code listener} whenever news may have been missed (the listening connection was lost). */
    public void onResync(Runnable listener) {
        resync.add(listener);
    }

    /** Tells every node the file was removed; call after the removal is committed. */
    public void fileRemoved(String uuid) {
        if (listener == null) {
            dispatch(uuid);
            return;
        }
        try {
            database.jdbi().useHandle(h -> h.createQuery("SELECT pg_notify(:channel, :uuid)")
                    .bind("channel", REMOVED).bind("uuid", uuid).map((rs, ctx) -> 1).list());
        } catch (RuntimeException e) {
            // The others still stop serving it within the CDN's record time; this node knows already.
            LOG.warn("could not tell other nodes that {} was removed: {}", uuid, e.toString());
            dispatch(uuid);
        }
    }

    private void listen(String url, String user, String password) {
        long backoff = 500;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                listening = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + REMOVED);
                }
                backoff = 500;
                resync.forEach(ClusterEvents::runQuietly);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] news = pg.getNotifications(1000);
                    if (news == null) continue;
                    for (PGNotification n : news) {
                        if (REMOVED.equals(n.getName()) && UUID.matcher(n.getParameter()).matches()) dispatch(n.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (closed) return;
                LOG.warn("listening for other nodes' news failed ({}); again in {} ms", e.getMessage(), backoff);
                resync.forEach(ClusterEvents::runQuietly);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(10_000, backoff * 2);
            }
        }
    }

    private void dispatch(String uuid) {
        for (Consumer<String> l : removed) {
            try {
                l.accept(uuid);
            } catch (RuntimeException e) {
                LOG.warn("after {} was removed: {}", uuid, e.toString());
            }
        }
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("resynchronising after lost news: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        if (listener == null) return;
        Connection c = listening;
        try {
            if (c != null) c.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
        listener.interrupt();
        try {
            listener.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
