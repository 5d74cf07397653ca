package io.satchel.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.satchel.storage.LocalBlobStore;
import io.satchel.testing.TestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResultCacheTest {
    private final Path root = TestServer.tempDir();
    private final LocalBlobStore shared = new LocalBlobStore(root.resolve("blobs"));
    private final AtomicInteger computed = new AtomicInteger();

    @AfterEach
    void clean() {
        TestServer.deleteTree(root);
    }

    byte[] make(int size) {
        computed.incrementAndGet();
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) computed.get());
        return b;
    }

    static byte[] read(ResultCache.Hit hit) throws Exception {
        try (InputStream in = hit.body()) {
            return in.readAllBytes();
        }
    }

    @Test
    void computesOnceThenServesFromTheNodeAndAnotherNodeFromTheSharedStore() throws Exception {
        ResultCache node1 = new ResultCache(root.resolve("node1"), 1 << 20, shared);
        ResultCache.Hit first = node1.get("u1", "k.jpg", () -> make(100));
        assertThat(first.layer()).isEqualTo(ResultCache.Layer.COMPUTED);
        byte[] bytes = read(first);
        ResultCache.Hit again = node1.get("u1", "k.jpg", () -> make(100));
        assertThat(again.layer()).as("small variants stay in memory").isEqualTo(ResultCache.Layer.MEMORY);
        assertThat(read(again)).isEqualTo(bytes);

        ResultCache node2 = new ResultCache(root.resolve("node2"), 1 << 20, shared);
        ResultCache.Hit other = node2.get("u1", "k.jpg", () -> make(100));
        assertThat(other.layer()).isEqualTo(ResultCache.Layer.SHARED);
        assertThat(read(other)).isEqualTo(bytes);
        assertThat(computed).hasValue(1);
    }

    @Test
    void identicalConcurrentRequestsWaitForOneComputation() throws Exception {
        ResultCache cache = new ResultCache(root.resolve("node"), 1 << 20, shared);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return read(cache.get("u1", "same.webp", () -> {
                        Thread.sleep(300);
                        return make(50);
                    }));
                }));
            }
            start.countDown();
            byte[] expected = results.get(0).get();
            for (Future<byte[]> r : results) assertThat(r.get()).isEqualTo(expected);
        } finally {
            pool.shutdown();
        }
        assertThat(computed).hasValue(1);
    }

    @Test
    void theNodeCacheStaysWithinItsBytes() throws Exception {
        Path dir = root.resolve("small");
        ResultCache cache = new ResultCache(dir, 1000, shared);
        for (int i = 0; i < 6; i++) read(cache.get("u" + i, "v.png", () -> make(400)));
        assertThat(cache.nodeBytes()).isLessThanOrEqualTo(1000);
        long onDisk;
        try (var walk = Files.walk(dir)) {
            onDisk = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(onDisk).isLessThanOrEqualTo(1000);
        // an evicted variant comes back from the shared store, not from a new computation
        assertThat(cache.get("u0", "v.png", () -> make(400)).layer()).isEqualTo(ResultCache.Layer.SHARED);
        assertThat(computed).hasValue(6);
    }

    @Test
    void purgeRemovesEveryVariantOfAFileEverywhere() throws Exception {
        ResultCache cache = new ResultCache(root.resolve("node"), 1 << 20, shared);
        read(cache.get("u1", "a.jpg", () -> make(10)));
        read(cache.get("u1", "b.webp", () -> make(10)));
        read(cache.get("u2", "a.jpg", () -> make(10)));
        cache.purge("u1");
        assertThat(shared.stat("results/u1/a.jpg")).isEmpty();
        assertThat(cache.get("u1", "a.jpg", () -> make(10)).layer()).isEqualTo(ResultCache.Layer.COMPUTED);
        assertThat(cache.get("u2", "a.jpg", () -> make(10)).layer()).isEqualTo(ResultCache.Layer.MEMORY);
    }

    @Test
    void largeVariantsAreServedFromDiskNotMemory() throws Exception {
        ResultCache cache = new ResultCache(root.resolve("node"), 16 << 20, shared);
        read(cache.get("u1", "big.png", () -> make(ResultCache.MEMORY_ENTRY_MAX + 1)));
        ResultCache.Hit again = cache.get("u1", "big.png", () -> make(10));
        assertThat(again.layer()).isEqualTo(ResultCache.Layer.NODE);
        assertThat(again.bytes()).isNull();
        assertThat(read(again)).hasSize(ResultCache.MEMORY_ENTRY_MAX + 1);
    }

    @Test
    void aFailedComputationFailsEveryWaiterAndIsNotCached() throws Exception {
        ResultCache cache = new ResultCache(root.resolve("node"), 1 << 20, shared);
        assertThatThrownBy(() -> cache.get("u1", "x.jpg", () -> {
            throw new IllegalArgumentException("bad image");
        })).hasMessage("bad image");
        assertThat(cache.get("u1", "x.jpg", () -> make(5)).layer()).isEqualTo(ResultCache.Layer.COMPUTED);
    }

    @Test
    void aRestartedNodeKeepsItsVariants() throws Exception {
        Path dir = root.resolve("node");
        read(new ResultCache(dir, 1 << 20, shared).get("u1", "k.jpg", () -> make(20)));
        ResultCache restarted = new ResultCache(dir, 1 << 20, new LocalBlobStore(root.resolve("empty")));
        assertThat(restarted.get("u1", "k.jpg", () -> make(20)).layer()).isEqualTo(ResultCache.Layer.NODE);
        assertThat(restarted.nodeBytes()).isEqualTo(20);
    }
}
