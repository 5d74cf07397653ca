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

    @Test
    void spooledPiecesInAnyOrderPromoteToOneBlob() throws IOException {
        LocalBlobStore local = (LocalBlobStore) store;
        byte[] data = new byte[700_000];
        new Random(11).nextBytes(data);
        // three pieces, the last first, the middle one sent twice
        local.writeAt("up1", 600_000, new ByteArrayInputStream(data, 600_000, 100_000), false);
        local.writeAt("up1", 300_000, new ByteArrayInputStream(new byte[300_000]), false);
        local.writeAt("up1", 0, new ByteArrayInputStream(data, 0, 300_000), false);
        local.writeAt("up1", 300_000, new ByteArrayInputStream(data, 300_000, 300_000), false);
        try (InputStream in = local.readSpooled("up1", 299_990, 20)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 299_990, 300_010));
        }
        local.promote("up1", data.length, "originals/up/up1");
        try (InputStream in = store.read("originals/up/up1", 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        // a retry after a crash between the move and the catalog write is harmless; a wrong length is not
        local.promote("up1", data.length, "originals/up/up1");
        assertThatThrownBy(() -> local.promote("up1", 5, "originals/up/up1")).isInstanceOf(IOException.class);
    }

    @Test
    void aBrokenPieceKeepsWhatArrivedOnlyWhenAsked() throws IOException {
        LocalBlobStore local = (LocalBlobStore) store;
        InputStream breaksAfter1000 = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent == 1000) throw new IOException("connection reset");
                return sent++ & 0xff;
            }
        };
        UploadSpool.Written w = local.writeAt("up2", 0, breaksAfter1000, true);
        assertThat(w).isEqualTo(new UploadSpool.Written(1000, true));
        assertThatThrownBy(() -> local.writeAt("up3", 0, new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        }, false)).isInstanceOf(IOException.class);
        local.promote("up2", 1000, "originals/up/up2");
        assertThat(store.stat("originals/up/up2")).contains(new BlobStore.BlobStat(1000));
        local.discard("up3");
        local.discard("never-existed");
        assertThatThrownBy(() -> local.writeAt("../escape", 0, InputStream.nullInputStream(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
