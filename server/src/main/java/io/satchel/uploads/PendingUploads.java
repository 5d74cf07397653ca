package io.satchel.uploads;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.satchel.catalog.Times;
import io.satchel.errors.Failure;
import io.satchel.files.FileCatalog;
import io.satchel.files.StoredFile;
import io.satchel.projects.Project;
import io.satchel.projects.Projects;
import io.satchel.storage.BlobStore;
import io.satchel.storage.UploadSpool;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads that arrive in pieces (multipart, tus): REQUEST records a {@link PendingUpload}, pieces go
 * to the store's {@link UploadSpool} and are durable before they are acknowledged, and completion
 * promotes the spooled bytes to the file's original and hands it to {@link Uploads#confirm} — the same
 * CONFIRM every other upload path ends in. Unfinished uploads expire and are swept.
 */
public final class PendingUploads {
    private static final Logger LOG = LoggerFactory.getLogger(PendingUploads.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PendingUploadCatalog catalog;
    private final UploadSpool spool;
    private final BlobStore store;
    private final Uploads uploads;
    private final Projects projects;
    private final FileCatalog files;
    private final Clock clock;
    private final Duration ttl;
    // One lock per upload, alive while someone holds it (weak values): stripes would make unrelated uploads wait.
    private final Cache<String, ReentrantLock> locks = Caffeine.newBuilder().weakValues().build();
    private final Cache<String, ReentrantReadWriteLock> partLocks = Caffeine.newBuilder().weakValues().build();
    private final RunningDigests digests = new RunningDigests();

    public PendingUploads(PendingUploadCatalog catalog, UploadSpool spool, BlobStore store, Uploads uploads,
                          Projects projects, FileCatalog files, Clock clock, Duration ttl) {
        this.catalog = catalog;
        this.spool = spool;
        this.store = store;
        this.uploads = uploads;
        this.projects = projects;
        this.files = files;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** What REQUEST decided for a new pending upload. */
    public record Request(PendingUpload.Protocol protocol, Long length, Long partSize, String originalFilename,
                          String contentType, boolean stored, Map<String, String> metadata, String source, String extra) {}

    /** REQUEST: records a new upload under a fresh uuid (the future file's) with an unguessable token. */
    public PendingUpload open(Project project, Request r) {
        long now = Times.micros(clock.instant());
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        PendingUpload u = new PendingUpload(UUID.randomUUID().toString(), project.id(), r.protocol(),
                PendingUpload.State.OPEN, r.length(), r.partSize(), 0, r.originalFilename(), r.contentType(), r.stored(),
                r.metadata(), r.source(), HexFormat.of().formatHex(token), r.extra(), now,
                expiryFrom(now));
        catalog.insert(u);
        return u;
    }

    private long expiryFrom(long nowMicros) {
        return nowMicros + ttl.toNanos() / 1000;
    }

    public Optional<PendingUpload> find(String uuid) {
        return catalog.find(uuid);
    }

    /** Whether a file already exists under this uuid (the upload was completed). */
    public boolean isCompleted(String uuid) {
        return files.find(uuid).isPresent();
    }

    public long now() {
        return Times.micros(clock.instant());
    }

    /** This node's lock for one upload: pieces that must not interleave (tus PATCHes, completion) hold it. */
    public ReentrantLock lockOf(String uuid) {
        return locks.get(uuid, k -> new ReentrantLock());
    }

    /**
     * This node's parts lock for one multipart upload: part writes share it, completion takes it alone, so
     * no part is being written while its bytes are moved into place.
     */
    public ReentrantReadWriteLock partsLockOf(String uuid) {
        return partLocks.get(uuid, k -> new ReentrantReadWriteLock());
    }

    /**
     * UPLOAD: writes a piece at {@code offset}; it is durable when this returns. It counts once the
     * caller {@link #advance}s to its end (tus) or {@link #recordPart records} it (multipart).
     */
    public UploadSpool.Written write(PendingUpload u, long offset, InputStream in, boolean keepPartial) throws IOException {
        RunningDigests.Piece piece = digests.begin(u.uuid(), offset);
        UploadSpool.Written w;
        try {
            w = spool.writeAt(u.uuid(), offset, piece.wrap(in), keepPartial);
        } catch (IOException | RuntimeException e) {
            digests.failed(u.uuid(), offset);
            throw e;
        }
        digests.written(u.uuid(), piece, w.bytes());
        return w;
    }

    public InputStream readSpooled(PendingUpload u, long offset, long length) throws IOException {
        return spool.readSpooled(u.uuid(), offset, length);
    }

    /** A multipart part is durable and of {@code size} bytes at {@code offset}. */
    public void recordPart(PendingUpload u, int number, long offset, long size) throws IOException {
        catalog.putPart(u.uuid(), number, size);
        digests.commit(u.uuid(), offset, offset + size);
        catchUpDigest(u);
    }

    /** A part is about to be sent again: until it is whole, it does not count. */
    public void forgetPart(PendingUpload u, int number) {
        catalog.deletePart(u.uuid(), number);
    }

    /** Parts that arrived ahead of the digest are hashed from the spool once the gap before them fills. */
    private void catchUpDigest(PendingUpload u) throws IOException {
        long covered = digests.covered(u.uuid());
        if (covered < 0 || u.partSize() == null) return;
        Map<Integer, Long> parts = catalog.parts(u.uuid());
        while (covered >= 0 && covered % u.partSize() == 0) {
            Long size = parts.get((int) (covered / u.partSize()) + 1);
            if (size == null || size == 0) return;
            try (InputStream in = spool.readSpooled(u.uuid(), covered, size)) {
                digests.extend(u.uuid(), covered, size, in);
            }
            long next = digests.covered(u.uuid());
            if (next == covered) return;
            covered = next;
        }
    }

    public Map<Integer, Long> parts(PendingUpload u) {
        return catalog.parts(u.uuid());
    }

    /**
     * Records that bytes up to {@code to} are durable and pushes the expiry a full TTL past now. Answers
     * the upload as it now stands, or empty if it moved meanwhile (another request or node).
     */
    public Optional<PendingUpload> advance(PendingUpload u, long to) {
        // Expiry slides with progress: an upload that keeps moving is not abandoned, however slow it is.
        long expires = Math.max(u.expiresAt(), expiryFrom(now()));
        if (!catalog.advance(u.uuid(), u.received(), to, expires)) return Optional.empty();
        digests.commit(u.uuid(), u.received(), to);
        return Optional.of(u.withReceived(to).withExpiresAt(expires));
    }

    /** Sets a length the client deferred; false if it was already set. */
    public boolean setLength(PendingUpload u, long length) {
        return catalog.setLength(u.uuid(), length);
    }

    /**
     * CONFIRM: makes the first {@code length} spooled bytes the file's original, measures them (size,
     * SHA-256, sniffed type), records the file and forgets the pending upload. If the project refuses
     * the file (type not allowed), nothing is kept and the failure propagates.
     */
    public StoredFile complete(PendingUpload u, long length) throws IOException {
        Project project = projects.byId(u.projectId())
                .orElseThrow(() -> Failure.notFound("FileNotFoundError", "File is not found."));
        String key = Uploads.storageKey(u.uuid());
        String sha256 = digests.finish(u.uuid(), length);
        spool.promote(u.uuid(), length, key);
        Ingest.Measured measured;
        if (sha256 != null) {
            try (InputStream in = store.read(key, 0, Math.min(length, Ingest.HEAD_BYTES))) {
                measured = new Ingest.Measured(length, sha256, in.readAllBytes());
            }
        } else {
            try (InputStream in = store.read(key, 0, -1)) {
                measured = Ingest.measure(in);
            }
        }
        Uploads.Staged staged = new Uploads.Staged(u.uuid(), key, "file", u.originalFilename(), measured);
        StoredFile file;
        try {
            file = uploads.confirm(project, staged, u.stored(), u.metadata(), u.source());
        } catch (Failure refused) {
            uploads.discard(staged);
            catalog.delete(u.uuid());
            throw refused;
        }
        catalog.delete(u.uuid());
        return file;
    }

    /**
     * Remembers a completed upload's protocol data ({@link PendingUpload#extra}) for as long as an unfinished
     * upload would live, so the protocol can still answer about it (tus HEAD of a finished upload). Called
     * before {@link #complete}: a crash between the two leaves a memory without a file, which answers nothing.
     */
    public void rememberFinished(PendingUpload u) {
        catalog.putFinished(u.uuid(), u.extra(), now() + ttl.toNanos() / 1000);
    }

    /** What {@link #rememberFinished} kept for this upload, while it has not expired. */
    public Optional<String> finished(String uuid) {
        return catalog.finished(uuid, now());
    }

    /** Forgets the bytes at once and keeps a tombstone (so the client hears "gone") until the upload would have expired. */
    public void terminate(PendingUpload u) throws IOException {
        digests.forget(u.uuid());
        catalog.terminate(u.uuid());
        spool.discard(u.uuid());
    }

    /** Removes expired pending uploads and their bytes (also an original promoted but never confirmed). */
    public int sweepExpired() {
        int swept = 0;
        for (String uuid : catalog.expired(now(), 1000)) {
            try {
                spool.discard(uuid);
                if (files.find(uuid).isEmpty()) store.delete(Uploads.storageKey(uuid));
                catalog.delete(uuid);
                swept++;
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not sweep unfinished upload {}: {}", uuid, e.toString());
            }
        }
        if (swept > 0) LOG.info("swept {} expired unfinished uploads", swept);
        try {
            catalog.deleteExpiredFinished(now());
        } catch (RuntimeException e) {
            LOG.warn("could not forget expired finished uploads: {}", e.toString());
        }
        return swept;
    }
}
