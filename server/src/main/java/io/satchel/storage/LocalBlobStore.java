package io.satchel.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Blobs as files under one folder. A write goes to a temporary file, is fsynced, then renamed into
 * place (and the folder fsynced), so a crash leaves either the old state or the whole new blob.
 */
public final class LocalBlobStore implements BlobStore, UploadSpool {
    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");
    private static final int BUFFER = 256 * 1024;

    private final Path root;
    private final Path tmp;
    private final Path spool;

    public LocalBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve(".tmp");
        this.spool = this.root.resolve(".spool");
        try {
            Files.createDirectories(tmp);
            Files.createDirectories(spool);
            cleanStaleTemporaryFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare blob folder " + this.root, e);
        }
    }

    @Override
    public long write(String key, InputStream in) throws IOException {
        return write(key, in, true);
    }

    @Override
    public long writeRebuildable(String key, InputStream in) throws IOException {
        return write(key, in, false);
    }

    private long write(String key, InputStream in, boolean durable) throws IOException {
        Path target = pathOf(key);
        Path temp = tmp.resolve(UUID.randomUUID() + ".part");
        long written = 0;
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[BUFFER];
                ByteBuffer wrap = ByteBuffer.wrap(buf);
                int n;
                while ((n = in.read(buf)) != -1) {
                    wrap.clear().limit(n);
                    while (wrap.hasRemaining()) out.write(wrap);
                    written += n;
                }
                if (durable) out.force(true);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (durable) fsyncDirectory(target.getParent());
            return written;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public InputStream read(String key, long offset, long length) throws IOException {
        return open(pathOf(key), offset, length);
    }

    @Override
    public Optional<Path> localFile(String key) {
        return Optional.of(pathOf(key));
    }

    @Override
    public Optional<BlobStat> stat(String key) throws IOException {
        try {
            return Optional.of(new BlobStat(Files.size(pathOf(key))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        Path folder = pathOf(prefix);
        if (!Files.isDirectory(folder)) return;
        try (var walk = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String begin(String id, String key) {
        return null;
    }

    @Override
    public Piece writePart(Spooled upload, int number, long offset, InputStream in) throws IOException {
        return new Piece(number, writeAt(upload.id(), offset, in, false).bytes(), null);
    }

    @Override
    public Appended append(Spooled upload, long offset, InputStream in, boolean keepPartial) throws IOException {
        Written w = writeAt(upload.id(), offset, in, keepPartial);
        return new Appended(w.bytes(), w.interrupted(), upload);
    }

    /** Writes at any offset: no append ever leaves a tail. */
    @Override
    public long granule() {
        return 1;
    }

    @Override
    public void forget(Spooled upload, Piece piece) {
        // pieces are ranges of the one spool file
    }

    @Override
    public Spooled seal(Spooled upload, long length) {
        return upload;
    }

    @Override
    public boolean readsUnsealed() {
        return true;
    }

    /** What {@link #writeAt} stored: {@code bytes} from the offset, and whether the input broke off. */
    record Written(long bytes, boolean interrupted) {}

    /**
     * Writes {@code in} at {@code offset} of upload {@code id}'s spool file, replacing what was there, and
     * syncs it. With {@code keepPartial}, an IOException from {@code in} keeps (and syncs) what arrived.
     */
    Written writeAt(String id, long offset, InputStream in, boolean keepPartial) throws IOException {
        if (offset < 0) throw new IllegalArgumentException("negative offset " + offset);
        long written = 0;
        boolean interrupted = false;
        try (FileChannel out = FileChannel.open(spoolOf(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[BUFFER];
            ByteBuffer wrap = ByteBuffer.wrap(buf);
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    if (!keepPartial) throw e;
                    interrupted = true;
                    break;
                }
                if (n == -1) break;
                wrap.clear().limit(n);
                while (wrap.hasRemaining()) out.write(wrap, offset + written + wrap.position());
                written += n;
            }
            out.force(false);
        }
        return new Written(written, interrupted);
    }

    @Override
    public InputStream readSpooled(Spooled upload, long offset, long length) throws IOException {
        return open(spoolOf(upload.id()), offset, length);
    }

    @Override
    public void promote(Spooled upload, long length) throws IOException {
        String id = upload.id();
        Path source = spoolOf(id);
        Path target = pathOf(upload.key());
        if (!Files.exists(source)) {
            if (length == 0 && !Files.exists(target)) {
                write(upload.key(), InputStream.nullInputStream());
                return;
            }
            if (Files.exists(target) && Files.size(target) == length) return;
            throw new NoSuchFileException(source.toString(), null, "no spooled bytes for upload " + id);
        }
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.WRITE)) {
            if (ch.size() < length) {
                throw new IOException("upload " + id + " has " + ch.size() + " spooled bytes, " + length + " expected");
            }
            ch.truncate(length);
            ch.force(true);
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(target.getParent());
    }

    @Override
    public void discard(Spooled upload) throws IOException {
        Files.deleteIfExists(spoolOf(upload.id()));
    }

    @Override
    public boolean isHealthy() {
        return Files.isDirectory(root) && Files.isWritable(root);
    }

    private Path pathOf(String key) {
        if (key == null || !SAFE_KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("unsafe blob key: " + key);
        }
        return root.resolve(key);
    }

    /** Bytes {@code [offset, offset + length)} of a file; length -1 reads to the end. */
    private static InputStream open(Path file, long offset, long length) throws IOException {
        SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ);
        try {
            ch.position(offset);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        InputStream whole = Channels.newInputStream(ch);
        return length < 0 ? whole : new BoundedInputStream(whole, length);
    }

    private Path spoolOf(String id) {
        if (id == null || !SAFE_KEY.matcher(id).matches() || id.contains("/") || id.contains("..")) {
            throw new IllegalArgumentException("unsafe upload id: " + id);
        }
        return spool.resolve(id);
    }

    private void cleanStaleTemporaryFiles() throws IOException {
        try (var stale = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) stale::iterator) Files.deleteIfExists(p);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some filesystems refuse to open a directory; the rename itself is still atomic there.
        }
    }
}
