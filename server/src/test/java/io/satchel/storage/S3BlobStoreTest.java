package io.satchel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.S3Server;
import io.satchel.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract against the S3 adapter, on a real S3 protocol server (s3proxy). */
class S3BlobStoreTest extends BlobStoreConformance {
    private static Path scratch;
    private static Bucket bucket;
    private static S3BlobStore store;
    private static S3UploadSpool spool;

    @BeforeAll
    static void connect() {
        scratch = TestServer.tempDir();
        bucket = Bucket.connect(S3Server.freshBucket().s3());
        store = new S3BlobStore(bucket, scratch);
        spool = new S3UploadSpool(bucket, scratch, 5L << 30);
    }

    @AfterAll
    static void disconnect() {
        bucket.close();
        TestServer.deleteTree(scratch);
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    UploadSpool spool() {
        return spool;
    }

    @Test
    void partBuffersDoNotOutliveTheirWrite() throws IOException {
        store.write("k/big", new ByteArrayInputStream(random((int) S3BlobStore.PART + 1, 3)));
        try (var left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anUnreachableStoreIsNotHealthy() {
        var s3 = new StorageSettings.S3(java.net.URI.create("http://127.0.0.1:1"), "us-east-1", "b", "a", "s", true,
                StorageSettings.PartUrls.SATCHEL, null);
        try (Bucket nowhere = Bucket.connect(s3)) {
            assertThat(new S3BlobStore(nowhere, scratch).isHealthy()).isFalse();
        }
    }
}
