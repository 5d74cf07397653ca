package io.satchel.uploads;

import io.satchel.errors.Failure;
import io.satchel.files.Filenames;
import io.satchel.files.StoredFile;
import io.satchel.projects.Project;
import io.satchel.storage.CappedInputStream;
import io.satchel.storage.UploadSpool;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * The Upload API's multipart upload (spec §2.3.2): start announces the size and hands out one URL per
 * part; parts arrive in any order, in parallel, and may be sent again; complete checks that every part
 * is there with the right size and enters CONFIRM. Each part is durable before its PUT is answered, so
 * a restart between parts loses nothing.
 */
public final class MultipartUploads {
    public static final long MIN_FILE_SIZE = 10L * 1024 * 1024;
    public static final long DEFAULT_PART_SIZE = 5L * 1024 * 1024;
    public static final long MIN_PART_SIZE = DEFAULT_PART_SIZE;
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
    /** As S3: more parts than this cannot be completed there, so we refuse them here too. */
    public static final int MAX_PARTS = 10_000;
    /** How long a part waits for a completion, and a completion for the parts being written, to end. */
    private static final java.time.Duration COMPLETION_WAIT = java.time.Duration.ofSeconds(60);

    private final PendingUploads pending;
    private final Uploads uploads;
    private final PartUrls urls;

    public MultipartUploads(PendingUploads pending, Uploads uploads, PartUrls urls) {
        this.pending = pending;
        this.uploads = uploads;
        this.urls = urls;
    }

    /** What start answers: the future file's uuid and where each part goes. */
    public record Started(String uuid, List<URI> parts) {}

    /** REQUEST: checks the announced size and part size against the rules and the project's cap. */
    public Started start(Project project, long size, long partSize, String filename, String contentType, boolean stored,
                         Map<String, String> metadata, String source) throws IOException {
        if (partSize < MIN_PART_SIZE) {
            throw Failure.badRequest("MultipartPartSizeTooSmallError",
                    "Multipart Upload Part Size should be at least " + MIN_PART_SIZE + " bytes.");
        }
        if (partSize > MAX_PART_SIZE) {
            throw Failure.badRequest("MultipartPartSizeTooBigError",
                    "Multipart Upload Part Size should be at most " + MAX_PART_SIZE + " bytes.");
        }
        if (size < MIN_FILE_SIZE) {
            throw Failure.badRequest("MultipartFileSizeTooSmallError", "File size can not be less than " + MIN_FILE_SIZE
                    + " bytes. Please use direct upload instead of multipart.");
        }
        if (size > uploads.capFor(project)) {
            throw Failure.badRequest("MultipartFileSizeLimitExceededError", "File size exceeds project limit.");
        }
        long count = partCount(size, partSize);
        if (count > MAX_PARTS) {
            throw Failure.badRequest("MultipartPartSizeTooSmallError",
                    "Multipart Upload Part Size is too small for this file: more than " + MAX_PARTS + " parts.");
        }
        PendingUpload u = pending.open(project, new PendingUploads.Request(PendingUpload.Protocol.MULTIPART, size,
                partSize, Filenames.original(filename, "file"), contentType, stored, metadata, source, null));
        List<URI> parts = pending.presignedPartUrls(u).orElseGet(() -> urls.partUrls(u, (int) count));
        return new Started(u.uuid(), parts);
    }

    /**
     * UPLOAD: one part's bytes, written at its place in the file. A part may be sent again (it replaces
     * the earlier copy); it is acknowledged only once durable. Only the URL's token authorises it. Parts
     * share the upload among themselves, on any node, but never with its completion.
     */
    public void putPart(String uuid, int number, String token, InputStream body, long declared) throws IOException {
        try (UploadLeases.Lease lease = pending.shared(uuid, COMPLETION_WAIT).orElseThrow(MultipartUploads::completing)) {
            PendingUpload u = pending.find(uuid).orElse(null);
            if (u == null || u.protocol() != PendingUpload.Protocol.MULTIPART) {
                if (pending.isCompleted(uuid)) {
                    throw Failure.badRequest("MultipartFileAlreadyUploadedError", "File is already uploaded.");
                }
                throw Failure.notFound("MultipartFileNotFoundError", "File is not found.");
            }
            if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    u.token().getBytes(StandardCharsets.UTF_8))) {
                throw Failure.forbidden("UploadFailedError", "Part URL is invalid.");
            }
            if (u.isExpired(pending.now())) throw Failure.forbidden("UploadFailedError", "Part URL has expired.");
            long count = partCount(u.length(), u.partSize());
            if (number < 1 || number > count) {
                throw Failure.badRequest("UploadFailedError", "Part number should be between 1 and " + count + ".");
            }
            long offset = (number - 1) * u.partSize();
            // A part can never be longer than part_size: a longer body would overwrite its neighbour.
            if (declared > u.partSize()) throw partTooLong();
            InputStream capped = new CappedInputStream(body, u.partSize(), MultipartUploads::partTooLong);
            pending.writePart(u, number, offset, capped, lease);
        }
    }

    /**
     * CONFIRM: every part present and of its exact size, then the file is made and recorded. Waits for
     * parts being written and for a completion already running (on any node) rather than racing them.
     */
    public StoredFile complete(Project project, String uuid) throws IOException {
        try (UploadLeases.Lease lease = pending.exclusive(uuid, COMPLETION_WAIT).orElseThrow(MultipartUploads::completing)) {
            PendingUpload u = pending.find(uuid).filter(p -> p.projectId() == project.id()
                    && p.protocol() == PendingUpload.Protocol.MULTIPART).orElse(null);
            if (u == null) {
                if (uploads.ownedBy(project, uuid)) {
                    throw Failure.badRequest("MultipartFileAlreadyUploadedError", "File is already uploaded.");
                }
                throw Failure.notFound("MultipartFileNotFoundError", "File is not found.");
            }
            long size = u.length();
            long count = partCount(size, u.partSize());
            Map<Integer, UploadSpool.Piece> parts = pending.parts(u);
            long received = parts.values().stream().mapToLong(UploadSpool.Piece::size).sum();
            if (received > size) {
                throw Failure.badRequest("MultipartUploadSizeTooLargeError", "Uploaded size is more than expected.");
            }
            if (received < size) {
                throw Failure.badRequest("MultipartUploadSizeTooSmallError", "File size mismatch. Not all parts uploaded?");
            }
            for (int n = 1; n <= count; n++) {
                long expected = n < count ? u.partSize() : size - (count - 1) * u.partSize();
                UploadSpool.Piece got = parts.get(n);
                if (got == null || got.size() != expected) {
                    throw Failure.badRequest("MultipartFileCompletionFailedError", "Can not complete upload. Wrong parts size?");
                }
            }
            lease.check();
            return pending.complete(u, parts);
        }
    }

    private static Failure completing() {
        return new Failure(Failure.Category.CONFLICT, "MultipartFileCompletionFailedError",
                "Completion of this upload is already in progress.");
    }

    private static Failure partTooLong() {
        return Failure.badRequest("MultipartUploadSizeTooLargeError", "Uploaded size is more than expected.");
    }

    static long partCount(long size, long partSize) {
        return (size + partSize - 1) / partSize;
    }
}
