package io.satchel.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * A store's capability to receive one blob in pieces until it is whole: multipart parts in any order,
 * tus bytes appended in order. Every write is durable when it returns, and answers what the caller must
 * record ({@link Piece}s, a new {@link Spooled} state) before it counts: the spool keeps no state of its
 * own beyond the bytes, so any node can take the next piece, and a write whose record never lands is
 * simply not part of the upload.
 *
 * <p>The local store writes pieces at their offsets into one file. An object store cannot write at
 * offsets: it sends whole parts of at least {@link #granule()} bytes as parts of a native multipart
 * upload and keeps the rest of an append as a small <em>tail</em> object (piece number 0) that the next
 * append continues from (tusd's s3store does the same).
 */
public interface UploadSpool {

    /**
     * A piece on record: a part's number, size and the store's tag for it (S3's ETag), or, as number 0,
     * an append's tail (its tag is the object's key).
     */
    record Piece(int number, long size, String tag) {}

    /**
     * An upload as the spool needs to see it: its id, the key the blob will have, the store's handle
     * (S3's multipart upload id, null until there is one) and its pieces on record by number.
     */
    record Spooled(String id, String key, String handle, Map<Integer, Piece> pieces) {
        public Spooled {
            pieces = java.util.Collections.unmodifiableMap(new TreeMap<>(pieces));
        }

        public static Spooled fresh(String id, String key, String handle) {
            return new Spooled(id, key, handle, Map.of());
        }

        public Piece tail() {
            return pieces.get(0);
        }

        /** Parts with a number (the tail excluded), in order. */
        public java.util.List<Piece> parts() {
            return pieces.values().stream().filter(p -> p.number() > 0).toList();
        }
    }

    /** What {@link #append} wrote: {@code bytes} taken from the input, whether it broke off, and the state to record. */
    record Appended(long bytes, boolean interrupted, Spooled after) {}

    /**
     * Prepares an upload whose parts the client numbers (multipart) and answers its handle (to keep with
     * the upload), or null when the store needs none.
     */
    String begin(String id, String key) throws IOException;

    /** Part {@code number}, which starts at {@code offset} of the blob: all of {@code in}, durable on return. */
    Piece writePart(Spooled upload, int number, long offset, InputStream in) throws IOException;

    /**
     * Appends {@code in} after the upload's durable bytes ({@code offset} of them). When {@code keepPartial}
     * is set and reading {@code in} fails with an {@link IOException} (a client that went away), what
     * arrived is kept and the answer says so; otherwise the exception propagates. The returned state counts
     * only once recorded; then {@link #forget} the tail it replaced.
     */
    Appended append(Spooled upload, long offset, InputStream in, boolean keepPartial) throws IOException;

    /** Appends that end on a multiple of this many bytes leave no tail (1 for a store that writes at offsets). */
    long granule();

    /** Frees a piece a recorded state no longer uses (an append's earlier tail). */
    void forget(Spooled upload, Piece piece) throws IOException;

    /**
     * Gathers a finished upload ({@code length} bytes) into a state {@link #readSpooled} can read (a tus
     * partial before a concatenation reads it). Record the answer.
     */
    Spooled seal(Spooled upload, long length) throws IOException;

    /** Bytes {@code [offset, offset + length)} of a sealed upload (on the local store, of any upload). */
    InputStream readSpooled(Spooled upload, long offset, long length) throws IOException;

    /** Whether {@link #readSpooled} can read pieces of an upload that is not sealed. */
    boolean readsUnsealed();

    /**
     * Makes the first {@code length} bytes the blob {@code upload.key()} and forgets the pieces. Idempotent:
     * when the pieces are already gone and the blob holds {@code length} bytes (a retry after a crash
     * between this and the catalog write), it does nothing.
     */
    void promote(Spooled upload, long length) throws IOException;

    /** Forgets every piece of the upload; absent pieces are not an error. */
    void discard(Spooled upload) throws IOException;

    /**
     * Removes what uploads left in the store without a record pointing at it (a node died mid-write, a
     * record was never written), if older than {@code cutoff}: pieces of uploads {@code isPending} does
     * not know, store handles {@code inUse} does not know. Answers how many things went.
     */
    default int sweepLeftovers(java.time.Instant cutoff, java.util.function.Predicate<String> isPending,
                               java.util.function.Predicate<String> inUse) throws IOException {
        return 0;
    }
}
