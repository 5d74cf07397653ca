package io.satchel.imaging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.satchel.storage.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first two caches of DESIGN.md for transform results: a node-local disk LRU bounded in bytes, and
 * the shared result store ({@code results/<uuid>/…} in the BlobStore) so no two nodes compute the same
 * variant twice. Identical concurrent requests on one node wait for one computation (single flight).
 * Variants live under their file's uuid, so removing a file purges all of them at once.
 */
public final class ResultCache {
    private static final Logger LOG = LoggerFactory.getLogger(ResultCache.class);

    /** A variant's bytes, open for reading (the caller closes it); {@code bytes} is set when they are in memory. */
    public record Hit(InputStream body, long size, Layer layer, byte[] bytes) {
        Hit(InputStream body, long size, Layer layer) {
            this(body, size, layer, null);
        }

        static Hit inMemory(byte[] bytes) {
            return new Hit(new ByteArrayInputStream(bytes), bytes.length, Layer.MEMORY, bytes);
        }
    }

    /** Where a variant came from (labels metrics and tests). */
    public enum Layer { MEMORY, NODE, SHARED, COMPUTED }

    /** Variants up to this size are also kept in memory, the hot path for popular thumbnails. */
    static final int MEMORY_ENTRY_MAX = 512 * 1024;

    private final BlobStore shared;
    private final java.util.function.Predicate<String> live;
    private final boolean shareInBackground;
    private final NodeDiskCache local;
    private final Cache<String, byte[]> memory;
    private final SingleFlight inFlight = new SingleFlight();

    public ResultCache(Path dir, long maxBytes, BlobStore shared) {
        this(dir, maxBytes, shared, uuid -> true, false);
    }

    /**
     * {@code live} says whether a file still exists: a variant shared after another node purged its file
     * (it was rendering meanwhile) is taken back out of the store. With {@code shareInBackground} a new
     * variant is answered before it is in the shared store (an object store's PUT is a round trip the
     * client need not wait for).
     */
    public ResultCache(Path dir, long maxBytes, BlobStore shared, java.util.function.Predicate<String> live,
                       boolean shareInBackground) {
        this.live = live;
        this.shareInBackground = shareInBackground;
        this.shared = shared;
        this.local = new NodeDiskCache(dir, maxBytes);
        this.memory = Caffeine.newBuilder()
                .maximumWeight(Math.min(64L << 20, Math.max(0, maxBytes / 8)))
                .weigher((String key, byte[] bytes) -> bytes.length + 64)
                .build();
    }

    /**
     * The variant {@code name} of file {@code uuid}: from this node's disk, else the shared store, else
     * computed by {@code compute} — once, however many requests ask at the same moment.
     */
    public Hit get(String uuid, String name, Callable<byte[]> compute) throws Exception {
        String key = uuid + "/" + name;
        byte[] hot = memory.getIfPresent(key);
        if (hot != null) return Hit.inMemory(hot);
        Hit hit = fromNode(key);
        if (hit != null) return remember(key, hit);
        Optional<Hit> filled = inFlight.runOrWait(key, () -> remember(key, fill(uuid, key, compute)));
        if (filled.isPresent()) return filled.get();
        Hit after = fromNode(key); // another request filled it
        if (after != null) return remember(key, after);
        return get(uuid, name, compute); // evicted in between: try again
    }

    /** Removes every variant of the file, here and in the shared store. */
    public void purge(String uuid) {
        forgetLocally(uuid);
        try {
            shared.deleteAll("results/" + uuid);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not purge shared variants of {}: {}", uuid, e.toString());
        }
    }

    /** Removes every variant of the file from this node's memory and disk (another node purged the store). */
    public void forgetLocally(String uuid) {
        memory.asMap().keySet().removeIf(k -> k.startsWith(uuid + "/"));
        local.removeFolder(uuid);
    }

    /** Bytes currently held on this node's disk. */
    public long nodeBytes() {
        return local.bytes();
    }

    /** Small variants are read into memory once, so the next request does no file I/O at all. */
    private Hit remember(String key, Hit hit) throws IOException {
        if (hit.size() > MEMORY_ENTRY_MAX) return hit;
        byte[] bytes;
        try (InputStream in = hit.body()) {
            bytes = in.readAllBytes();
        }
        memory.put(key, bytes);
        return new Hit(new ByteArrayInputStream(bytes), bytes.length, hit.layer(), bytes);
    }

    private Hit fromNode(String key) throws IOException {
        NodeDiskCache.Entry e = local.open(key);
        return e == null ? null : new Hit(e.body(), e.size(), Layer.NODE);
    }

    private Hit fill(String uuid, String key, Callable<byte[]> compute) throws Exception {
        String sharedKey = "results/" + key;
        try (InputStream in = shared.read(sharedKey, 0, -1)) {
            return keep(key, in, Layer.SHARED);
        } catch (NoSuchFileException e) {
            // not shared yet (or removed in between): compute it
        }
        byte[] bytes = compute.call();
        Hit hit = keep(key, new ByteArrayInputStream(bytes), Layer.COMPUTED);
        if (shareInBackground) {
            Thread.ofVirtual().name("share-variant").start(() -> share(uuid, sharedKey, bytes));
        } else {
            share(uuid, sharedKey, bytes);
        }
        return hit;
    }

    /**
     * Puts a variant in the shared store. A purge of its file meanwhile (here or on another node) is caught
     * by asking afterwards whether the file still exists: the late copy is taken out again.
     */
    private void share(String uuid, String sharedKey, byte[] bytes) {
        try {
            shared.writeRebuildable(sharedKey, new ByteArrayInputStream(bytes));
            if (!live.test(uuid)) shared.delete(sharedKey);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not share variant {}: {}", sharedKey, e.toString());
        }
    }

    private Hit keep(String key, InputStream in, Layer layer) throws IOException {
        NodeDiskCache.Entry e = local.put(key, in);
        return new Hit(e.body(), e.size(), layer);
    }
}
