package io.satchel.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Uploads in pieces on S3: parts become parts of a native multipart upload on the blob's own key (so
 * completion moves no byte); an append sends whole parts of {@link #granule()} bytes and keeps its rest
 * as a tail object under {@code spool/<id>/}, which the next append reads back first. The multipart
 * upload of an append is created with its first whole part. Parts are gathered in a scratch file of this
 * node, one at a time.
 *
 * <p>Also hands out presigned part URLs ({@link PresignedParts}): then parts go straight to the bucket
 * and completion asks the bucket which parts it has.
 */
public final class S3UploadSpool implements UploadSpool, PresignedParts {
    private static final Logger LOG = LoggerFactory.getLogger(S3UploadSpool.class);
    static final long MIN_GRANULE = 8L * 1024 * 1024;
    /** S3 takes at most 10,000 parts; keep room for the tail and a few spare numbers. */
    private static final long MAX_PARTS = 9_000;

    private final Bucket bucket;
    private final Path scratch;
    private final long granule;

    /** {@code largestUpload} sizes the parts so the largest upload allowed still fits in S3's part count. */
    public S3UploadSpool(Bucket bucket, Path scratch, long largestUpload) {
        this.bucket = bucket;
        this.scratch = scratch;
        long mib = 1024 * 1024;
        long needed = (largestUpload + MAX_PARTS - 1) / MAX_PARTS;
        this.granule = Math.max(MIN_GRANULE, (needed + mib - 1) / mib * mib);
    }

    @Override
    public String begin(String id, String key) throws IOException {
        S3BlobStore.check(key);
        return bucket.call(key, () -> bucket.client().createMultipartUpload(r -> r.bucket(bucket.name()).key(key)).uploadId());
    }

    @Override
    public Piece writePart(Spooled upload, int number, long offset, InputStream in) throws IOException {
        if (upload.handle() == null) throw new IllegalStateException("upload " + upload.id() + " was not begun");
        // Gathered first even when the sender declared its length: the SDK may read a body twice (to sign
        // it over plain HTTP, to retry), which a client's stream cannot do.
        try (PartBuffer buffer = new PartBuffer(scratch)) {
            buffer.fill(in, Long.MAX_VALUE);
            return new Piece(number, buffer.size(), uploadPart(upload.key(), upload.handle(), number, buffer));
        }
    }

    @Override
    public Appended append(Spooled upload, long offset, InputStream in, boolean keepPartial) throws IOException {
        Map<Integer, Piece> pieces = new HashMap<>(upload.pieces());
        Piece tail = pieces.remove(0);
        String handle = upload.handle();
        int next = pieces.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        long taken = 0;
        boolean interrupted = false;
        try (PartBuffer buffer = new PartBuffer(scratch)) {
            if (tail != null) {
                try (InputStream previous = bucket.get(tail.tag(), 0, tail.size())) {
                    if (buffer.fill(previous, tail.size()) != tail.size()) {
                        throw new IOException("the tail of upload " + upload.id() + " is shorter than recorded");
                    }
                }
            }
            while (true) {
                long before = buffer.size();
                try {
                    buffer.fill(in, granule);
                } catch (IOException e) {
                    if (!keepPartial) throw e;
                    interrupted = true;
                }
                taken += buffer.size() - before;
                if (interrupted || buffer.size() < granule) break;
                if (handle == null) handle = begin(upload.id(), upload.key());
                pieces.put(next, new Piece(next, granule, uploadPart(upload.key(), handle, next, buffer)));
                next++;
                buffer.clear();
            }
            if (buffer.size() > 0) {
                String key = "spool/" + upload.id() + "/" + UUID.randomUUID();
                bucket.run(key, () -> bucket.client().putObject(r -> r.bucket(bucket.name()).key(key), buffer.body()));
                pieces.put(0, new Piece(0, buffer.size(), key));
            }
        }
        return new Appended(taken, interrupted, new Spooled(upload.id(), upload.key(), handle, pieces));
    }

    @Override
    public long granule() {
        return granule;
    }

    @Override
    public void forget(Spooled upload, Piece piece) throws IOException {
        if (piece.number() == 0 && !piece.tag().equals(upload.key())) bucket.delete(piece.tag());
    }

    @Override
    public Spooled seal(Spooled upload, long length) throws IOException {
        if (upload.parts().isEmpty()) return upload; // the tail (or nothing) is already one object
        promote(upload, length);
        return new Spooled(upload.id(), upload.key(), null, Map.of(0, new Piece(0, length, upload.key())));
    }

    @Override
    public InputStream readSpooled(Spooled upload, long offset, long length) throws IOException {
        if (!upload.parts().isEmpty()) throw new IllegalStateException("upload " + upload.id() + " is not sealed");
        Piece tail = upload.tail();
        if (tail == null) {
            if (length <= 0) return InputStream.nullInputStream();
            throw new NoSuchFileException(upload.key(), null, "upload " + upload.id() + " has no bytes");
        }
        return bucket.get(tail.tag(), offset, length);
    }

    @Override
    public boolean readsUnsealed() {
        return false;
    }

    @Override
    public void promote(Spooled upload, long length) throws IOException {
        long recorded = upload.pieces().values().stream().mapToLong(Piece::size).sum();
        if (recorded != length) {
            throw new IOException("upload " + upload.id() + " has " + recorded + " bytes on record, " + length + " expected");
        }
        try {
            assemble(upload);
        } catch (NoSuchFileException e) {
            // Pieces gone: an earlier try got this far and crashed before its record; the blob says so.
            if (bucket.size(upload.key()) != length) throw e;
        }
        abortQuietly(upload.key(), upload.handle());
        deleteTails(upload);
    }

    private void assemble(Spooled upload) throws IOException {
        String key = upload.key();
        Piece tail = upload.tail();
        List<Piece> parts = upload.parts();
        if (parts.isEmpty()) {
            if (tail == null) {
                bucket.run(key, () -> bucket.client().putObject(r -> r.bucket(bucket.name()).key(key),
                        Bucket.body(new byte[0], 0)));
            } else if (!tail.tag().equals(key)) {
                bucket.run(tail.tag(), () -> bucket.client().copyObject(r -> r.sourceBucket(bucket.name())
                        .sourceKey(tail.tag()).destinationBucket(bucket.name()).destinationKey(key)));
            }
            return;
        }
        List<CompletedPart> completed = new ArrayList<>();
        for (Piece p : parts) completed.add(CompletedPart.builder().partNumber(p.number()).eTag(p.tag()).build());
        if (tail != null) {
            int number = parts.getLast().number() + 1;
            try (PartBuffer buffer = new PartBuffer(scratch); InputStream in = bucket.get(tail.tag(), 0, tail.size())) {
                buffer.fill(in, tail.size());
                completed.add(CompletedPart.builder().partNumber(number)
                        .eTag(uploadPart(key, upload.handle(), number, buffer)).build());
            }
        }
        bucket.run(key, () -> bucket.client().completeMultipartUpload(r -> r.bucket(bucket.name()).key(key)
                .uploadId(upload.handle()).multipartUpload(m -> m.parts(completed))));
    }

    @Override
    public void discard(Spooled upload) throws IOException {
        abortQuietly(upload.key(), upload.handle());
        Piece tail = upload.tail();
        // A sealed upload's bytes are its own object.
        if (tail != null && tail.tag().equals(upload.key())) {
            bucket.delete(tail.tag());
        }
        bucket.deletePrefix("spool/" + upload.id() + "/");
    }

    @Override
    public int sweepLeftovers(java.time.Instant cutoff, java.util.function.Predicate<String> isPending,
                              java.util.function.Predicate<String> inUse) throws IOException {
        int swept = 0;
        var uploads = bucket.call("", () -> bucket.client().listMultipartUploadsPaginator(r -> r.bucket(bucket.name()))
                .uploads().stream().toList());
        for (var u : uploads) {
            if (u.initiated() == null || !u.initiated().isBefore(cutoff) || inUse.test(u.uploadId())) continue;
            abortQuietly(u.key(), u.uploadId());
            swept++;
        }
        var tails = bucket.call("spool/", () -> bucket.client().listObjectsV2Paginator(r -> r.bucket(bucket.name())
                .prefix("spool/")).contents().stream().toList());
        for (var o : tails) {
            String[] path = o.key().split("/");
            if (path.length < 3 || o.lastModified() == null || !o.lastModified().isBefore(cutoff) || isPending.test(path[1])) {
                continue;
            }
            bucket.delete(o.key());
            swept++;
        }
        return swept;
    }

    @Override
    public List<URI> partUrls(Spooled upload, long length, long partSize, Duration validity) {
        int count = (int) ((length + partSize - 1) / partSize);
        List<URI> urls = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            int number = n;
            long size = n < count ? partSize : length - (count - 1) * partSize;
            // The part's length is signed: the bucket itself refuses a part of any other size.
            var presigned = bucket.presigner().presignUploadPart(p -> p.signatureDuration(validity)
                    .uploadPartRequest(r -> r.bucket(bucket.name()).key(upload.key()).uploadId(upload.handle())
                            .partNumber(number).contentLength(size)));
            urls.add(URI.create(presigned.url().toString()));
        }
        return urls;
    }

    @Override
    public Map<Integer, Piece> listParts(Spooled upload) throws IOException {
        Map<Integer, Piece> parts = new java.util.TreeMap<>();
        List<Part> listed = bucket.call(upload.key(), () -> bucket.client().listPartsPaginator(r -> r.bucket(bucket.name())
                .key(upload.key()).uploadId(upload.handle())).parts().stream().toList());
        for (Part p : listed) parts.put(p.partNumber(), new Piece(p.partNumber(), p.size(), p.eTag()));
        return parts;
    }

    private String uploadPart(String key, String handle, int number, PartBuffer buffer) throws IOException {
        return bucket.call(key, () -> bucket.client().uploadPart(r -> r.bucket(bucket.name()).key(key).uploadId(handle)
                .partNumber(number).contentLength(buffer.size()), buffer.body()).eTag());
    }

    private void deleteTails(Spooled upload) {
        try {
            bucket.deletePrefix("spool/" + upload.id() + "/");
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove the tails of upload {}: {}", upload.id(), e.toString());
        }
    }

    private void abortQuietly(String key, String handle) {
        if (handle == null) return;
        try {
            bucket.run(key, () -> bucket.client().abortMultipartUpload(r -> r.bucket(bucket.name()).key(key).uploadId(handle)));
        } catch (NoSuchFileException e) {
            // completed or aborted already
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not abort the multipart upload of {}: {}", key, e.toString());
        }
    }
}
