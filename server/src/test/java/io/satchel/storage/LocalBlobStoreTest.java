package io.satchel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.satchel.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store contract against the local-disk adapter, and what only a folder of files can show. */
class LocalBlobStoreTest extends BlobStoreConformance {
    private final Path root = TestServer.tempDir();
    private final LocalBlobStore store = new LocalBlobStore(root);

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    UploadSpool spool() {
        return store;
    }

    @AfterEach
    void clean() {
        TestServer.deleteTree(root);
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws IOException {
        assertThatThrownBy(() -> store.write("k/one", breaksAfter(100_000))).isInstanceOf(IOException.class);
        try (var tmp = Files.list(root.resolve(".tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void upload_idsCannotEscapeTheSpool() {
        assertThatThrownBy(() -> store.append(UploadSpool.Spooled.fresh("../escape", "originals/x", null), 0,
                InputStream.nullInputStream(), false)).isInstanceOf(IllegalArgumentException.class);
    }
}
