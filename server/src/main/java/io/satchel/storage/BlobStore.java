package io.satchel.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where file bytes live. The few things every backend can do; optional capabilities (presigned
 * uploads, native multipart) are separate interfaces a store may also implement.
 */
public interface BlobStore {

    /**
     * Streams {@code in} to {@code key} until it ends. The blob appears whole or not at all: a failure
     * or an exception from {@code in} leaves nothing behind. Returns the number of bytes written.
     */
    long write(String key, InputStream in) throws IOException;

    /**
     * As {@link #write}, for blobs that can be made again (transform results): still whole or absent,
     * but a store may skip making it durable (no fsync), which is most of a small write's cost.
     */
    default long writeRebuildable(String key, InputStream in) throws IOException {
        return write(key, in);
    }

    /** Bytes {@code [offset, offset + length)} of the blob; length -1 reads to the end. */
    InputStream read(String key, long offset, long length) throws IOException;

    Optional<BlobStat> stat(String key) throws IOException;

    /**
     * The blob as a file on this machine, to send with the kernel's sendfile; empty for a store elsewhere.
     * The file may vanish at any time (a removal): opening it is the check.
     */
    default Optional<java.nio.file.Path> localFile(String key) {
        return Optional.empty();
    }

    /** Removes the blob; absent blobs are not an error. */
    void delete(String key) throws IOException;

    /** Removes every blob whose key starts with {@code prefix/} (a folder of keys, e.g. a file's variants). */
    void deleteAll(String prefix) throws IOException;

    /** Whether the store answers (for readiness checks). */
    boolean isHealthy();

    record BlobStat(long size) {}
}
