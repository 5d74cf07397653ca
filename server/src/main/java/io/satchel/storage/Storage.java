package io.satchel.storage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The store a node was configured with, as the ports the rest of Satchel uses: blobs, the spool for
 * uploads in pieces, and the store's own multipart parts where it has them ({@code nativeParts}: the
 * store knows which parts it holds), with {@code presignPartUrls} when the settings send clients there.
 */
public record Storage(BlobStore blobs, UploadSpool spool, Optional<PresignedParts> nativeParts, boolean presignPartUrls,
                      boolean remote, AutoCloseable connection) implements AutoCloseable {

    /**
     * Opens the configured store. Local blobs live under {@code dataDir/blobs}; an object store's part
     * buffers in {@code dataDir/tmp/parts} (scratch: nothing durable). {@code largestUpload} sizes the
     * pieces of uploads in parts.
     */
    public static Storage open(StorageSettings settings, Path dataDir, long largestUpload) {
        if (!settings.isS3()) {
            LocalBlobStore local = new LocalBlobStore(dataDir.resolve("blobs"));
            return new Storage(local, local, Optional.empty(), false, false, () -> {});
        }
        Bucket bucket = Bucket.connect(settings.s3());
        Path scratch = dataDir.resolve("tmp").resolve("parts");
        S3UploadSpool spool = new S3UploadSpool(bucket, scratch, largestUpload);
        return new Storage(new S3BlobStore(bucket, scratch), spool, Optional.of(spool),
                settings.s3().partUrls() == StorageSettings.PartUrls.BUCKET, true, bucket);
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
