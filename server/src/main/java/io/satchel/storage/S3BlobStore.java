package io.satchel.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Blobs as objects of one bucket of any S3-compatible store. A write of up to 1 MiB is one PUT; a longer
 * one is a multipart upload fed a part at a time from a scratch file, aborted if anything fails, so an
 * object appears whole or not at all. Reads are ranged GETs.
 */
public final class S3BlobStore implements BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");
    static final int SMALL = 1024 * 1024;
    /** Parts of a streamed write; they grow after every thousand so 10,000 parts reach ~440 GiB. */
    static final long PART = 8L * 1024 * 1024;

    private final Bucket bucket;
    private final Path scratch;

    /** {@code scratch} is a folder of this node for part buffers (nothing durable goes there). */
    public S3BlobStore(Bucket bucket, Path scratch) {
        this.bucket = bucket;
        this.scratch = scratch;
    }

    public Bucket bucket() {
        return bucket;
    }

    @Override
    public long write(String key, InputStream in) throws IOException {
        check(key);
        byte[] head = in.readNBytes(SMALL);
        if (head.length < SMALL) {
            bucket.run(key, () -> bucket.client().putObject(r -> r.bucket(bucket.name()).key(key),
                    Bucket.body(head, head.length)));
            return head.length;
        }
        String uploadId = bucket.call(key, () -> bucket.client()
                .createMultipartUpload(r -> r.bucket(bucket.name()).key(key)).uploadId());
        try (PartBuffer part = new PartBuffer(scratch)) {
            part.append(head, 0, head.length);
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            for (int n = 1; ; n++) {
                part.fill(in, partSize(n));
                if (part.size() == 0) break;
                int number = n;
                String etag = bucket.call(key, () -> bucket.client().uploadPart(r -> r.bucket(bucket.name()).key(key)
                        .uploadId(uploadId).partNumber(number).contentLength(part.size()), part.body()).eTag());
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
                total += part.size();
                boolean full = part.size() == partSize(n);
                part.clear();
                if (!full) break;
            }
            bucket.run(key, () -> bucket.client().completeMultipartUpload(r -> r.bucket(bucket.name()).key(key)
                    .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
            return total;
        } catch (IOException | RuntimeException e) {
            abort(key, uploadId);
            throw e;
        }
    }

    static long partSize(int number) {
        return PART * (1 + (number - 1) / 1000);
    }

    private void abort(String key, String uploadId) {
        try {
            bucket.run(key, () -> bucket.client().abortMultipartUpload(r -> r.bucket(bucket.name()).key(key).uploadId(uploadId)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not abort the multipart upload of {}: {}", key, e.toString());
        }
    }

    @Override
    public InputStream read(String key, long offset, long length) throws IOException {
        check(key);
        if (offset < 0) throw new IllegalArgumentException("negative offset " + offset);
        if (length == 0 && bucket.size(key) < 0) throw new NoSuchFileException(key);
        return bucket.get(key, offset, length);
    }

    @Override
    public Optional<BlobStat> stat(String key) throws IOException {
        check(key);
        long size = bucket.size(key);
        return size < 0 ? Optional.empty() : Optional.of(new BlobStat(size));
    }

    @Override
    public void delete(String key) throws IOException {
        check(key);
        bucket.delete(key);
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        check(prefix);
        bucket.deletePrefix(prefix + "/");
    }

    @Override
    public boolean isHealthy() {
        try {
            bucket.run("", () -> bucket.client().headBucket(r -> r.bucket(bucket.name())));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("bucket {} does not answer: {}", bucket.name(), e.toString());
            return false;
        }
    }

    static void check(String key) {
        if (key == null || !SAFE_KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("unsafe blob key: " + key);
        }
    }
}
