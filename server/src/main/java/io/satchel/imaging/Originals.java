package io.satchel.imaging;

import io.satchel.files.StoredFile;
import io.satchel.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where transforms read originals: straight from the store when it is this node's disk, or, for an
 * object store, from copies on this node's disk of the originals used lately (least recently used go
 * first), so the many variants of one popular image cost one download. Concurrent first uses of one
 * original wait for one download.
 */
public final class Originals {
    private final BlobStore store;
    private final NodeDiskCache copies;
    private final SingleFlight downloading = new SingleFlight();

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
            Optional<NodeDiskCache.Entry> fetched;
            try {
                fetched = downloading.runOrWait(key, () -> {
                    try (InputStream in = store.read(file.storageKey(), 0, file.size())) {
                        return copies.put(key, in);
                    }
                });
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
            if (fetched.isPresent()) return fetched.get().body();
            // fetched by another request (or evicted at once): look again
        }
    }

    /** Drops this node's copy of a removed file. */
    public void forget(String uuid) {
        if (copies != null) copies.removeFolder(uuid);
    }
}
