package io.satchel.storage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The store a node was configured with, as the ports the rest of Satchel uses: blobs, the spool for
 * uploads in pieces, and presigned part URLs where the store has them and the settings ask for them.
 */
public record Storage(BlobStore blobs, UploadSpool spool, Optional<PresignedParts> presignedParts, boolean remote,
                      AutoCloseable connection) implements AutoCloseable {

    /**
     * Opens the configured store. Local blobs live under {@code dataDir/blobs}; an object store's part
     * buffers in {@code dataDir/tmp/parts} (scratch: nothing durable). {@code largestUpload} sizes the
     * pieces of uploads in parts.
     */
    public static Storage open(StorageSettings settings, Path dataDir, long largestUpload) {
        if (!settings.isS3()) {
            LocalBlobStore local = new LocalBlobStore(dataDir.resolve("blobs"));
            return new Storage(local, local, Optional.empty(), false, () -> {});
        }
        Bucket bucket = Bucket.connect(settings.s3());
        Path scratch = dataDir.resolve("tmp").resolve("parts");
        S3UploadSpool spool = new S3UploadSpool(bucket, scratch, largestUpload);
        return new Storage(new S3BlobStore(bucket, scratch), spool,
                settings.s3().partUrls() == StorageSettings.PartUrls.BUCKET ? Optional.of(spool) : Optional.empty(),
                true, bucket);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            // closing an HTTP client: nothing left to do
        }
    }
}
