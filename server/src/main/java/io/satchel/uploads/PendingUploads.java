package io.satchel.uploads;

import io.satchel.catalog.Times;
import io.satchel.errors.Failure;
import io.satchel.files.FileCatalog;
import io.satchel.files.StoredFile;
import io.satchel.projects.Project;
import io.satchel.projects.Projects;
import io.satchel.storage.BlobStore;
import io.satchel.storage.PresignedParts;
import io.satchel.storage.UploadSpool;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads that arrive in pieces (multipart, tus): REQUEST records a {@link PendingUpload}, pieces go
 * to the store's {@link UploadSpool} and are durable before they are acknowledged, and completion
 * promotes them to the file's original and hands it to {@link Uploads#confirm} — the same CONFIRM every
 * other upload path ends in. Unfinished uploads expire and are swept.
 *
 * <p>Everything about an upload in progress is in the catalog, so any node can take its next piece.
 * Writers hold an {@link UploadLeases lease} on the upload: exclusive for an append or a completion,
 * shared for multipart parts; a request that cannot get one writes nothing.
 */
public final class PendingUploads {
    private static final Logger LOG = LoggerFactory.getLogger(PendingUploads.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LEFTOVER_AGE = Duration.ofHours(24);

    private final PendingUploadCatalog catalog;
    private final UploadSpool spool;
    private final PresignedParts nativeParts;
    private final boolean presignPartUrls;
    private final BlobStore store;
    private final Uploads uploads;
    private final Projects projects;
    private final FileCatalog files;
    private final Clock clock;
    private final Duration ttl;
    private final UploadLeases leases;
    private final RunningDigests digests = new RunningDigests();

    /**
     * {@code nativeParts} is set when multipart parts become the store's own parts (an object store): then
     * the store, not the catalog, says which parts an upload has, whichever node or URL they came through;
     * {@code presignPartUrls} sends clients straight to it.
     */
    public PendingUploads(PendingUploadCatalog catalog, UploadSpool spool, PresignedParts nativeParts,
                          boolean presignPartUrls, BlobStore store,
                          Uploads uploads, Projects projects, FileCatalog files, UploadLeases leases, Clock clock,
                          Duration ttl) {
        this.catalog = catalog;
        this.spool = spool;
        this.nativeParts = nativeParts;
        this.presignPartUrls = presignPartUrls && nativeParts != null;
        this.store = store;
        this.uploads = uploads;
        this.projects = projects;
        this.files = files;
        this.leases = leases;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** What REQUEST decided for a new pending upload. */
    public record Request(PendingUpload.Protocol protocol, Long length, Long partSize, String originalFilename,
                          String contentType, boolean stored, Map<String, String> metadata, String source, String extra) {}

    /** What an append wrote, to {@link #commit} (it counts then) or {@link #abandon}. */
    public record Written(UploadSpool.Appended appended, long from, UploadSpool.Spooled before) {
        public long bytes() {
            return appended.bytes();
        }

        public boolean interrupted() {
            return appended.interrupted();
        }
    }

    /**
     * REQUEST: records a new upload under a fresh uuid (the future file's) with an unguessable token. A
     * multipart upload is begun in the store at once (its parts may go straight there).
     */
    public PendingUpload open(Project project, Request r) throws IOException {
        long now = Times.micros(clock.instant());
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        String uuid = UUID.randomUUID().toString();
        String handle = r.protocol() == PendingUpload.Protocol.MULTIPART ? spool.begin(uuid, Uploads.storageKey(uuid)) : null;
        PendingUpload u = new PendingUpload(uuid, project.id(), r.protocol(),
                PendingUpload.State.OPEN, r.length(), r.partSize(), 0, r.originalFilename(), r.contentType(), r.stored(),
                r.metadata(), r.source(), HexFormat.of().formatHex(token), r.extra(), now, expiryFrom(now), handle);
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

    /** The only writer of the upload for now (an append, a completion), waiting up to {@code wait}; empty if busy. */
    public Optional<UploadLeases.Lease> exclusive(String uuid, Duration wait) {
        return leases.acquire(uuid, true, wait);
    }

    /** One of the upload's part writers, beside others but never beside a completion; empty if busy. */
    public Optional<UploadLeases.Lease> shared(String uuid, Duration wait) {
        return leases.acquire(uuid, false, wait);
    }

    /** The upload as its store sees it: handle and pieces on record. */
    UploadSpool.Spooled spooled(PendingUpload u) {
        return new UploadSpool.Spooled(u.uuid(), Uploads.storageKey(u.uuid()), u.storeHandle(), catalog.pieces(u.uuid()));
    }

    /**
     * UPLOAD: a multipart part at its offset, durable and recorded when this returns. A part sent again does
     * not count until it is whole: a failed resend leaves no torn part on record.
     */
    public void writePart(PendingUpload u, int number, long offset, InputStream in, UploadLeases.Lease lease)
            throws IOException {
        catalog.deletePart(u.uuid(), number);
        RunningDigests.Piece piece = digests.begin(u.uuid(), offset);
        UploadSpool.Piece written;
        try {
            written = spool.writePart(spooled(u), number, offset, guarded(piece.wrap(in), lease));
        } catch (IOException | RuntimeException e) {
            digests.failed(u.uuid(), offset);
            throw e;
        }
        digests.written(u.uuid(), piece, written.size());
        lease.check();
        catalog.putPart(u.uuid(), written);
        digests.commit(u.uuid(), offset, offset + written.size());
        catchUpDigest(u);
    }

    /** Parts that arrived ahead of the digest are hashed from the spool once the gap before them fills. */
    private void catchUpDigest(PendingUpload u) throws IOException {
        long covered = digests.covered(u.uuid());
        if (covered < 0 || u.partSize() == null || !spool.readsUnsealed()) return;
        Map<Integer, UploadSpool.Piece> parts = catalog.pieces(u.uuid());
        while (covered >= 0 && covered % u.partSize() == 0) {
            UploadSpool.Piece part = parts.get((int) (covered / u.partSize()) + 1);
            if (part == null || part.size() == 0) return;
            long size = part.size();
            try (InputStream in = spool.readSpooled(spooled(u), covered, size)) {
                digests.extend(u.uuid(), covered, size, in);
            }
            long next = digests.covered(u.uuid());
            if (next == covered) return;
            covered = next;
        }
    }

    /**
     * Every multipart part received so far, by number. Where parts are the store's own (an object store),
     * the store says which it holds, whichever node or URL they came through: a part re-sent twice at
     * once is there once, with the tag of the copy the store kept.
     */
    public Map<Integer, UploadSpool.Piece> parts(PendingUpload u) throws IOException {
        Map<Integer, UploadSpool.Piece> parts = new TreeMap<>(nativeParts != null ? nativeParts.listParts(spooled(u))
                : catalog.pieces(u.uuid()));
        parts.keySet().removeIf(n -> n <= 0);
        return parts;
    }

    /** Presigned URLs straight to the store for every part, when parts go there; empty otherwise. */
    public Optional<java.util.List<java.net.URI>> presignedPartUrls(PendingUpload u) {
        if (!presignPartUrls) return Optional.empty();
        Duration validity = Duration.ofNanos(Math.max(0, (u.expiresAt() - now()) * 1000)).plusMinutes(1);
        if (validity.compareTo(Duration.ofDays(7)) > 0) validity = Duration.ofDays(7); // SigV4's limit
        return Optional.of(nativeParts.partUrls(spooled(u), u.length(), u.partSize(), validity));
    }

    /** Appends that end on a multiple of this many bytes cost the store least (see {@link UploadSpool#granule()}). */
    public long granule() {
        return spool.granule();
    }

    /**
     * UPLOAD: appends {@code in} after the upload's durable bytes. It counts once {@link #commit}ted; an
     * append that will not be ({@code abandon}) leaves nothing on record. The lease is checked between
     * the store's pieces: a request that lost it stops writing.
     */
    public Written append(PendingUpload u, InputStream in, boolean keepPartial, UploadLeases.Lease lease) throws IOException {
        UploadSpool.Spooled before = spooled(u);
        RunningDigests.Piece piece = digests.begin(u.uuid(), u.received());
        UploadSpool.Appended appended;
        try {
            appended = spool.append(before, u.received(), guarded(piece.wrap(in), lease), keepPartial);
        } catch (IOException | RuntimeException e) {
            digests.failed(u.uuid(), u.received());
            throw e;
        }
        digests.written(u.uuid(), piece, appended.bytes());
        return new Written(appended, u.received(), before);
    }

    /**
     * Records that the append's bytes are durable and pushes the expiry a full TTL past now. Answers the
     * upload as it now stands, or empty if it moved meanwhile (the lease was lost).
     */
    public Optional<PendingUpload> commit(PendingUpload u, Written w, UploadLeases.Lease lease) {
        if (w.bytes() == 0 && w.appended().after().equals(w.before())) return Optional.of(u);
        lease.check();
        long to = w.from() + w.bytes();
        // Expiry slides with progress: an upload that keeps moving is not abandoned, however slow it is.
        long expires = Math.max(u.expiresAt(), expiryFrom(now()));
        UploadSpool.Spooled after = w.appended().after();
        if (!catalog.advance(u.uuid(), w.from(), to, expires, w.before(), after)) {
            abandon(w);
            return Optional.empty();
        }
        digests.commit(u.uuid(), w.from(), to);
        UploadSpool.Piece oldTail = w.before().tail();
        if (oldTail != null && !oldTail.equals(after.tail())) forgetQuietly(after, oldTail);
        return Optional.of(u.withReceived(to).withExpiresAt(expires).withStoreHandle(after.handle()));
    }

    /** An append that will not count (its checksum did not match): the tail it wrote goes. */
    public void abandon(Written w) {
        digests.failed(w.before().id(), w.from());
        UploadSpool.Piece tail = w.appended().after().tail();
        if (tail != null && !tail.equals(w.before().tail())) forgetQuietly(w.appended().after(), tail);
    }

    private void forgetQuietly(UploadSpool.Spooled u, UploadSpool.Piece piece) {
        try {
            spool.forget(u, piece);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove a superseded piece of upload {}: {}", u.id(), e.toString());
        }
    }

    /** Sets a length the client deferred; false if it was already set. */
    public boolean setLength(PendingUpload u, long length) {
        return catalog.setLength(u.uuid(), length);
    }

    /** Gathers a finished upload into one piece {@link #readSpooled} can read (a tus partial, before concatenation). */
    public void seal(PendingUpload u) throws IOException {
        UploadSpool.Spooled before = spooled(u);
        UploadSpool.Spooled after = spool.seal(before, u.received());
        if (!after.equals(before)) catalog.replacePieces(u.uuid(), after);
    }

    /** Bytes of a sealed upload. */
    public InputStream readSpooled(PendingUpload u, long offset, long length) throws IOException {
        return spool.readSpooled(spooled(u), offset, length);
    }

    /**
     * CONFIRM: makes the first {@code length} bytes the file's original, measures them (size, SHA-256,
     * sniffed type), records the file and forgets the pending upload. If the project refuses the file
     * (type not allowed), nothing is kept and the failure propagates. Where the bytes did not all pass
     * this node in order and reading them back would cost a download (an object store), the SHA-256 is
     * left to PROCESS.
     */
    public StoredFile complete(PendingUpload u, long length) throws IOException {
        return complete(u, length, spooled(u));
    }

    /** CONFIRM for a multipart upload whose {@link #parts} the caller checked: those parts become the file. */
    public StoredFile complete(PendingUpload u, Map<Integer, UploadSpool.Piece> parts) throws IOException {
        return complete(u, u.length(), new UploadSpool.Spooled(u.uuid(), Uploads.storageKey(u.uuid()), u.storeHandle(), parts));
    }

    private StoredFile complete(PendingUpload u, long length, UploadSpool.Spooled state) throws IOException {
        Project project = projects.byId(u.projectId())
                .orElseThrow(() -> Failure.notFound("FileNotFoundError", "File is not found."));
        String key = Uploads.storageKey(u.uuid());
        String sha256 = digests.finish(u.uuid(), length);
        spool.promote(state, length);
        Ingest.Measured measured;
        if (sha256 != null || !spool.readsUnsealed()) {
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
        UploadSpool.Spooled state = spooled(u);
        catalog.terminate(u.uuid());
        spool.discard(state);
    }

    /** Removes expired pending uploads and their bytes (also an original promoted but never confirmed). */
    public int sweepExpired() {
        int swept = 0;
        for (String uuid : catalog.expired(now(), 1000)) {
            try {
                Optional<PendingUpload> u = catalog.find(uuid);
                if (u.isPresent()) spool.discard(spooled(u.get()));
                if (files.find(uuid).isEmpty()) store.delete(Uploads.storageKey(uuid));
                catalog.delete(uuid);
                swept++;
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not sweep unfinished upload {}: {}", uuid, e.toString());
            }
        }
        if (swept > 0) LOG.info("swept {} expired unfinished uploads", swept);
        try {
            // Writes in progress never last a day; pending uploads are known by their records.
            int leftovers = spool.sweepLeftovers(clock.instant().minus(LEFTOVER_AGE),
                    uuid -> catalog.find(uuid).isPresent(), catalog::hasHandle);
            if (leftovers > 0) LOG.info("removed {} leftovers of uploads from the store", leftovers);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not sweep the store's leftovers of uploads: {}", e.toString());
        }
        try {
            catalog.deleteExpiredFinished(now());
        } catch (RuntimeException e) {
            LOG.warn("could not forget expired finished uploads: {}", e.toString());
        }
        return swept;
    }

    /** The body, stopping with a 409 as soon as the lease may have passed to another request. */
    private static InputStream guarded(InputStream in, UploadLeases.Lease lease) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                lease.check();
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                lease.check();
                return in.read(b, off, len);
            }
        };
    }
}
