package io.satchel.imaging;

import io.satchel.files.StoredFile;
import io.satchel.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Where transforms read originals: straight from the store when it is this node's disk, or, for an
 * object store, from copies on this node's disk of the originals used lately (least recently used go
 * first), so the many variants of one popular image cost one download. Concurrent first uses of one
 * original wait for one download.
 */
public final class Originals {
    private final BlobStore store;
    private final NodeDiskCache copies;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> downloading = new ConcurrentHashMap<>();

    private Originals(BlobStore store, NodeDiskCache copies) {
        this.store = store;
        this.copies = copies;
    }

    public static Originals direct(BlobStore store) {
        return new Originals(store, null);
    }

    public static Originals copied(BlobStore store, Path dir, long maxBytes) {
        return new Originals(store, new NodeDiskCache(dir, maxBytes));
    }

    /** The file's original bytes, open for reading (the caller closes them). */
    public InputStream open(StoredFile file) throws IOException {
        if (copies == null) return store.read(file.storageKey(), 0, file.size());
        String key = file.uuid() + "/original";
        while (true) {
            NodeDiskCache.Entry copy = copies.open(key);
            if (copy != null) return copy.body();
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> running = downloading.putIfAbsent(key, mine);
            if (running == null) {
                try (InputStream in = store.read(file.storageKey(), 0, file.size())) {
                    NodeDiskCache.Entry fresh = copies.put(key, in);
                    mine.complete(null);
                    return fresh.body();
                } catch (IOException | RuntimeException e) {
                    mine.completeExceptionally(e);
                    throw e;
                } finally {
                    downloading.remove(key, mine);
                }
            }
            try {
                running.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) throw io;
                throw new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while another request fetched the original", e);
            }
            // fetched (or evicted at once): look again
        }
    }

    /** Drops this node's copy of a removed file. */
    public void forget(String uuid) {
        if (copies != null) copies.removeFolder(uuid);
    }
}
