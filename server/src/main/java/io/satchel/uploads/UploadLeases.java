package io.satchel.uploads;

import io.satchel.catalog.Times;
import io.satchel.errors.Failure;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may write an upload's bytes now, across every node: rows of {@code upload_leases} in the catalog.
 * A lease is exclusive (a tus PATCH, a multipart completion) or shared (multipart parts, which may run
 * side by side but never beside a completion). Taking one is a short transaction that first bumps the
 * upload's row, so two nodes asking at once are served one after the other on SQLite and PostgreSQL
 * alike; a holder that loses the race writes no byte. Held leases are renewed in the background every
 * third of their time to live; a node that dies stops renewing, and its leases lapse.
 */
public final class UploadLeases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadLeases.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration ttl;
    private final String node;
    private final Set<Lease> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer;

    /**
     * {@code node} names this node across restarts (its leases carry it): the leases a previous run of the
     * node held when it died are dropped at once, not left to lapse.
     */
    public UploadLeases(Jdbi jdbi, Clock clock, Duration ttl, String node) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.ttl = ttl;
        this.node = node;
        int dropped = jdbi.withHandle(h -> h.createUpdate("DELETE FROM upload_leases WHERE holder LIKE :mine")
                .bind("mine", node + ":%").execute());
        if (dropped > 0) LOG.info("dropped {} upload leases this node held before it stopped", dropped);
        this.renewer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("upload-leases").factory());
        long every = Math.max(1, ttl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** A lease held by this node; close it to let go. */
    public final class Lease implements AutoCloseable {
        private final String uuid;
        private final String holder;
        /** System.nanoTime() until which this node knows the lease is its own (null holder: nothing to hold). */
        private volatile long validUntil;

        private Lease(String uuid, String holder) {
            this.uuid = uuid;
            this.holder = holder;
            this.validUntil = System.nanoTime() + safe();
        }

        /** Whether the lease is surely still this node's (renewed recently enough). */
        public boolean isValid() {
            return holder == null || System.nanoTime() < validUntil;
        }

        /** Throws a 409 if the lease may have passed to someone else: the caller must not write on. */
        public void check() {
            if (!isValid()) throw lost();
        }

        @Override
        public void close() {
            if (holder == null || !held.remove(this)) return;
            try {
                jdbi.useHandle(h -> h.createUpdate("DELETE FROM upload_leases WHERE upload_uuid = :u AND holder = :h")
                        .bind("u", uuid).bind("h", holder).execute());
            } catch (RuntimeException e) {
                LOG.warn("could not release the lease on upload {} (it lapses by itself): {}", uuid, e.toString());
            }
        }
    }

    /**
     * Takes a lease on the upload, waiting up to {@code wait} for other holders to let go; empty if they
     * did not. An upload that no longer exists gets a lease that holds nothing: the caller, reading the
     * upload under it, finds it gone.
     */
    public Optional<Lease> acquire(String uuid, boolean exclusive, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        String holder = node + ":" + HexFormat.of().formatHex(randomBytes());
        while (true) {
            Boolean taken = tryAcquire(uuid, holder, exclusive);
            if (taken == null) return Optional.of(new Lease(uuid, null));
            if (taken) {
                Lease lease = new Lease(uuid, holder);
                held.add(lease);
                return Optional.of(lease);
            }
            if (System.nanoTime() >= deadline) return Optional.empty();
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new Failure(Failure.Category.UNAVAILABLE, "ShuttingDownError", "Interrupted.");
            }
        }
    }

    /** True when taken, false when another holder has it, null when there is no such upload. */
    private Boolean tryAcquire(String uuid, String holder, boolean exclusive) {
        long now = Times.micros(clock.instant());
        return jdbi.inTransaction(h -> {
            int rows = h.createUpdate("UPDATE pending_uploads SET lease_epoch = lease_epoch + 1 WHERE uuid = :u")
                    .bind("u", uuid).execute();
            if (rows == 0) return null;
            h.createUpdate("DELETE FROM upload_leases WHERE upload_uuid = :u AND expires_at <= :now")
                    .bind("u", uuid).bind("now", now).execute();
            // An exclusive lease conflicts with every other; a shared one only with an exclusive one.
            int conflicting = h.createQuery("SELECT COUNT(*) FROM upload_leases WHERE upload_uuid = :u"
                            + " AND (exclusive = :x OR exclusive = :any)")
                    .bind("u", uuid).bind("x", true).bind("any", !exclusive).mapTo(Integer.class).one();
            if (conflicting > 0) return false;
            h.createUpdate("INSERT INTO upload_leases (upload_uuid, holder, exclusive, expires_at)"
                            + " VALUES (:u, :h, :x, :expires)")
                    .bind("u", uuid).bind("h", holder).bind("x", exclusive).bind("expires", now + micros(ttl)).execute();
            return true;
        });
    }

    private void renewAll() {
        for (Lease lease : held) {
            long started = System.nanoTime();
            try {
                int rows = jdbi.withHandle(h -> h.createUpdate("UPDATE upload_leases SET expires_at = :expires"
                                + " WHERE upload_uuid = :u AND holder = :h")
                        .bind("u", lease.uuid).bind("h", lease.holder)
                        .bind("expires", Times.micros(clock.instant()) + micros(ttl)).execute());
                if (rows == 1) {
                    lease.validUntil = started + safe();
                } else if (held.contains(lease)) {
                    // The upload was completed or swept under us, or the lease lapsed and was taken over.
                    lease.validUntil = 0;
                    held.remove(lease);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not renew the lease on upload {}: {}", lease.uuid, e.toString());
            }
        }
    }

    /** How long after a renewal this node may trust its lease: a third of the time to live is kept in reserve. */
    private long safe() {
        return ttl.toNanos() * 2 / 3;
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    static Failure lost() {
        return new Failure(Failure.Category.CONFLICT, "UploadBusyError",
                "This request lost its hold on the upload to another one; nothing more was written.");
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        for (Lease lease : held) lease.close();
    }
}
