package io.satchel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.satchel.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The BlobStore contract, against the local-disk adapter. */
class LocalBlobStoreTest {
    private final Path root = TestServer.tempDir();
    private final BlobStore store = new LocalBlobStore(root);

    @AfterEach
    void clean() {
        TestServer.deleteTree(root);
    }

    @Test
    void writesReadsRangesStatsAndDeletes() throws IOException {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        assertThat(store.write("originals/ab/abc", new ByteArrayInputStream(data))).isEqualTo(data.length);
        assertThat(store.stat("originals/ab/abc")).contains(new BlobStore.BlobStat(data.length));
        try (InputStream in = store.read("originals/ab/abc", 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        try (InputStream in = store.read("originals/ab/abc", 1000, 10)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 1010));
        }
        store.delete("originals/ab/abc");
        assertThat(store.stat("originals/ab/abc")).isEmpty();
        store.delete("originals/ab/abc"); // absent is fine
    }

    @Test
    void aFailedWriteLeavesNothingAndKeepsThePreviousBlob() throws IOException {
        store.write("k/one", new ByteArrayInputStream("old".getBytes()));
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 100_000) throw new IOException("client went away");
                return 'x';
            }
        };
        assertThatThrownBy(() -> store.write("k/one", failing)).hasMessageContaining("client went away");
        try (InputStream in = store.read("k/one", 0, -1)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("old");
        }
        try (var tmp = Files.list(root.resolve(".tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void deleteAllRemovesAFolderOfKeysAndNothingElse() throws IOException {
        store.write("results/u1/a.jpg", new ByteArrayInputStream("a".getBytes()));
        store.write("results/u1/b.webp", new ByteArrayInputStream("b".getBytes()));
        store.write("results/u2/a.jpg", new ByteArrayInputStream("c".getBytes()));
        store.deleteAll("results/u1");
        assertThat(store.stat("results/u1/a.jpg")).isEmpty();
        assertThat(store.stat("results/u1/b.webp")).isEmpty();
        assertThat(store.stat("results/u2/a.jpg")).isPresent();
        store.deleteAll("results/nothing-here");
    }

    @Test
    void keysCannotEscapeTheFolder() {
        for (String key : new String[] {"../x", "a/../../x", "/etc/passwd", "a//b", "", "a/./b/..", "a\\b"}) {
            assertThatThrownBy(() -> store.stat(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
