package io.satchel.imaging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;

/**
 * Files on this node's disk under one folder, bounded in bytes, the least recently used removed first.
 * Keys are relative paths ({@code <uuid>/<name>}), so everything of one file goes with {@link #removeFolder}.
 * Entries found on disk at start are adopted; half-written ones are removed. Nothing here is durable:
 * it is a cache of what the store holds or what can be made again.
 */
final class NodeDiskCache {
    /** An entry open for reading (the caller closes it). */
    record Entry(InputStream body, long size) {}

    private final Path dir;
    private final Cache<String, Long> entries;

    NodeDiskCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Long size) -> (int) Math.min(Integer.MAX_VALUE, Math.max(1, size)))
                .removalListener((String key, Long size, RemovalCause cause) -> {
                    if (key != null && cause.wasEvicted()) deleteQuietly(dir.resolve(key));
                })
                .executor(Runnable::run)
                .build();
        try {
            Files.createDirectories(dir);
            adoptExisting();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the node cache in " + dir, e);
        }
    }

    /** The entry, open, or null when this node does not have it. */
    Entry open(String key) throws IOException {
        Long size = entries.getIfPresent(key);
        if (size == null) return null;
        try {
            return new Entry(Files.newInputStream(dir.resolve(key)), size);
        } catch (NoSuchFileException e) {
            entries.invalidate(key);
            return null;
        }
    }

    /**
     * Writes {@code in} as the entry and opens it before the cache learns of it: the cache may evict a
     * new entry at once, and an open file outlives its deletion.
     */
    Entry put(String key, InputStream in) throws IOException {
        Path target = dir.resolve(key);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(".tmp-" + UUID.randomUUID());
        try {
            long size = Files.copy(in, temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            InputStream body = Files.newInputStream(target);
            entries.put(key, size);
            return new Entry(body, size);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Forgets and deletes every entry under {@code folder/}. */
    void removeFolder(String folder) {
        entries.asMap().keySet().removeIf(k -> k.startsWith(folder + "/"));
        Path path = dir.resolve(folder);
        if (!Files.isDirectory(path)) return;
        try (var walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(NodeDiskCache::deleteQuietly);
        } catch (IOException ignored) {
            // best effort: what is left is adopted (or removed) at the next start
        }
    }

    /** Bytes held on disk. */
    long bytes() {
        return entries.asMap().values().stream().mapToLong(Long::longValue).sum();
    }

    private void adoptExisting() throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                String key = dir.relativize(p).toString().replace('\\', '/');
                if (p.getFileName().toString().startsWith(".tmp-")) {
                    deleteQuietly(p);
                } else {
                    try {
                        entries.put(key, Files.size(p));
                    } catch (IOException e) {
                        deleteQuietly(p);
                    }
                }
            });
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the next adoption at start will try again
        }
    }
}
