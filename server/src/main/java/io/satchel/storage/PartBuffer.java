package io.satchel.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * One part of an object on its way to S3, gathered in a scratch file of this node: S3 wants each part's
 * length before its first byte, and a stream a stranger sends has none we can trust. A part at a time
 * keeps the heap flat whatever the size of the file; the file is reused for the next part and removed
 * on close.
 */
final class PartBuffer implements AutoCloseable {
    private static final int CHUNK = 256 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final byte[] buf = new byte[CHUNK];
    private long size;

    PartBuffer(Path scratch) throws IOException {
        Files.createDirectories(scratch);
        this.file = Files.createTempFile(scratch, "part-", ".tmp");
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    long size() {
        return size;
    }

    /**
     * Adds bytes of {@code in} until the buffer holds {@code capacity} bytes or {@code in} ends; answers how
     * many were added. An {@link IOException} from {@code in} propagates with what came before it kept.
     */
    long fill(InputStream in, long capacity) throws IOException {
        long added = 0;
        while (size < capacity) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, capacity - size));
            if (n < 0) break;
            append(buf, 0, n);
            added += n;
        }
        return added;
    }

    void append(byte[] bytes, int off, int len) throws IOException {
        ByteBuffer wrap = ByteBuffer.wrap(bytes, off, len);
        while (wrap.hasRemaining()) channel.write(wrap, size + (wrap.position() - off));
        size += len;
    }

    /** Whether {@code in} has another byte; it is kept in the buffer if so. */
    boolean pullOne(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) return false;
        buf[0] = (byte) b;
        append(buf, 0, 1);
        return true;
    }

    /** The buffered bytes as a request body (read from the file; the buffer must not change meanwhile). */
    RequestBody body() {
        return RequestBody.fromContentProvider(() -> {
            try {
                return new BoundedInputStream(Files.newInputStream(file), size);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, size, "application/octet-stream");
    }

    /** Empties the buffer for the next part. */
    void clear() throws IOException {
        channel.truncate(0);
        size = 0;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
