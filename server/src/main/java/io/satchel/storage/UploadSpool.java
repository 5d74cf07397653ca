package io.satchel.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * A store's capability to receive one blob in pieces: multipart parts in any order, tus PATCHes at an
 * offset. Pieces are written at their offset into the upload's spooled bytes and are durable when a
 * write returns; {@link #promote} turns the first {@code length} bytes into an ordinary blob.
 *
 * <p>A store that cannot write at offsets (an object store) implements this differently, e.g. with
 * native multipart uploads; callers only see this interface.
 */
public interface UploadSpool {

    /**
     * Writes {@code in} at {@code offset} of upload {@code id}'s spooled bytes, replacing what was there.
     * When {@code keepPartial} is set and reading {@code in} fails with an {@link IOException} (a client
     * that went away), the bytes that arrived are kept and made durable, and the result says so;
     * otherwise the exception propagates. Exceptions other than IOException always propagate.
     */
    Written writeAt(String id, long offset, InputStream in, boolean keepPartial) throws IOException;

    /** Reads spooled bytes {@code [offset, offset + length)} of upload {@code id}. */
    InputStream readSpooled(String id, long offset, long length) throws IOException;

    /**
     * Makes the first {@code length} spooled bytes of upload {@code id} the blob {@code key} and forgets
     * the spool. Idempotent: when the spool is already gone and {@code key} holds {@code length} bytes,
     * it does nothing (a retry after a crash between the move and the catalog write).
     */
    void promote(String id, long length, String key) throws IOException;

    /** Forgets upload {@code id}'s spooled bytes; absent spools are not an error. */
    void discard(String id) throws IOException;

    /** What {@link #writeAt} stored: {@code bytes} from the offset, and whether the input broke off. */
    record Written(long bytes, boolean interrupted) {}
}
