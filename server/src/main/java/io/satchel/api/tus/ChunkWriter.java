package io.satchel.api.tus;

import io.satchel.api.Call;
import io.satchel.api.HttpMetrics;
import io.satchel.errors.Failure;
import io.satchel.files.StoredFile;
import io.satchel.storage.BoundedInputStream;
import io.satchel.uploads.PendingUpload;
import io.satchel.uploads.PendingUploads;
import io.satchel.uploads.UploadLeases;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Writes one request body into a tus upload at its durable offset (PATCH, and the body of a
 * creation-with-upload POST). The caller holds the upload's lock. Without a checksum the offset moves at
 * checkpoints and at the end, so a long PATCH cut off or killed midway keeps what was made durable; with
 * one, it moves once, only if the whole body arrived and matched. Checkpoints start {@link #FIRST_CHECKPOINT}
 * apart and double up to {@link #MAX_CHECKPOINT}: each costs an fsync and a catalog write, so a fast large
 * PATCH pays for few of them, while a slow one still reports progress early.
 */
final class ChunkWriter {
    static final String OFFSET_STREAM = "application/offset+octet-stream";
    private static final long FIRST_CHECKPOINT = 8L * 1024 * 1024;
    private static final long MAX_CHECKPOINT = 128L * 1024 * 1024;

    private final PendingUploads pending;
    private final HttpMetrics metrics;

    ChunkWriter(PendingUploads pending, HttpMetrics metrics) {
        this.pending = pending;
        this.metrics = metrics;
    }

    /** The upload after the body, and whether its checksum refused it (then the offset did not move). */
    record Result(PendingUpload upload, boolean checksumMismatch) {}

    /** Whether the request says its body is tus bytes ({@code application/offset+octet-stream}). */
    static boolean carriesBytes(Call call) {
        String type = call.header("Content-Type");
        return type != null && type.split(";", 2)[0].strip().equalsIgnoreCase(OFFSET_STREAM);
    }

    /**
     * Writes the body. {@code checksum} is the header's, or null; {@code trailer} says the client announced
     * one as a trailer ({@code Trailer: Upload-Checksum}), to be read once the body has ended.
     */
    Result write(Call call, PendingUpload u, long cap, Checksum checksum, boolean trailer, UploadLeases.Lease lease)
            throws IOException {
        long room = (u.length() != null ? u.length() : cap) - u.received();
        long declared = call.contentLength();
        if (declared > room) throw pastTheEnd(u);
        if (!call.hasBody()) return new Result(u, false);
        InputStream body = new ClientBody(call.body());
        boolean chunked = declared < 0;
        if (checksum != null || trailer) {
            Checksum.Measuring measuring = checksum != null ? checksum.measure(body) : Checksum.measureAll(body);
            PendingUploads.Written w = pending.append(u, new BoundedInputStream(measuring, room), true, lease);
            if (w.interrupted()) {
                pending.abandon(w);
                return new Result(u, false);
            }
            if (chunked && w.bytes() == room && hasMore(body)) {
                pending.abandon(w);
                throw pastTheEnd(u);
            }
            Checksum expected = checksum;
            if (expected == null) {
                try {
                    expected = Checksum.parse(call.trailer("Upload-Checksum"));
                } catch (Failure f) {
                    pending.abandon(w);
                    throw f;
                }
                if (expected == null) {
                    pending.abandon(w);
                    throw Failure.badRequest("UploadChecksumInvalidError",
                            "The body announced an Upload-Checksum trailer but did not end with one.");
                }
            }
            if (!expected.matches(measuring)) {
                pending.abandon(w);
                return new Result(u, true);
            }
            return new Result(commit(u, w, lease), false);
        }
        long written = 0;
        long checkpoint = FIRST_CHECKPOINT;
        long granule = pending.granule();
        while (true) {
            // Checkpoints fall where the store's pieces end, so none leaves a tail to read back.
            long aligned = (u.received() + checkpoint + granule - 1) / granule * granule - u.received();
            long window = Math.min(aligned, room - written);
            checkpoint = Math.min(MAX_CHECKPOINT, checkpoint * 2);
            PendingUploads.Written w = pending.append(u, new BoundedInputStream(body, window), true, lease);
            written += w.bytes();
            if (!w.interrupted() && chunked && written == room && hasMore(body)) {
                pending.abandon(w);
                throw pastTheEnd(u);
            }
            u = commit(u, w, lease);
            if (w.interrupted() || w.bytes() < window || written == room) return new Result(u, false);
        }
    }

    /**
     * CONFIRM once every byte is in: the file's record, or empty when the upload is not due. A finished
     * partial waits for its final upload instead, gathered so the final one can read it. A refusal (type
     * not allowed) propagates.
     */
    Optional<StoredFile> finishIfDue(PendingUpload u) throws IOException {
        if (isFinishedPartial(u)) {
            pending.seal(u);
            return Optional.empty();
        }
        if (!isDue(u)) return Optional.empty();
        pending.rememberFinished(u);
        StoredFile file = pending.complete(u, u.length());
        metrics.uploaded(file.size());
        return Optional.of(file);
    }

    static boolean isDue(PendingUpload u) {
        return hasEveryByte(u) && !TusExtra.of(u.extra()).isPartial();
    }

    private static boolean isFinishedPartial(PendingUpload u) {
        return hasEveryByte(u) && TusExtra.of(u.extra()).isPartial();
    }

    private static boolean hasEveryByte(PendingUpload u) {
        return u.state() == PendingUpload.State.OPEN && u.length() != null && u.received() == u.length();
    }

    private PendingUpload commit(PendingUpload u, PendingUploads.Written w, UploadLeases.Lease lease) {
        return pending.commit(u, w, lease).orElseThrow(() -> new Failure(Failure.Category.CONFLICT,
                "UploadOffsetConflictError", "The upload moved meanwhile."));
    }

    /** Whether the request has a body with any byte in it (a finished upload takes none). */
    static boolean bodyGoesOn(Call call) {
        return call.hasBody() && hasMore(new ClientBody(call.body()));
    }

    /** Whether a chunked body goes on past the room it had; a broken connection there is no overflow. */
    private static boolean hasMore(InputStream body) {
        try {
            return body.read() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Failure pastTheEnd(PendingUpload u) {
        return Failure.tooLarge("UploadLengthExceededError", u.length() != null
                ? "The body goes past Upload-Length." : "The body goes past the largest upload allowed.");
    }

    /**
     * The request body with every failure to read it as an IOException: the spool keeps partial bytes
     * only for IOExceptions, whatever a transport throws when a client goes away.
     */
    private static final class ClientBody extends FilterInputStream {
        ClientBody(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (RuntimeException e) {
                throw new IOException("request body broke off: " + e, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (RuntimeException e) {
                throw new IOException("request body broke off: " + e, e);
            }
        }
    }
}
