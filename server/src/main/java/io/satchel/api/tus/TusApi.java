package io.satchel.api.tus;

import io.satchel.api.Call;
import io.satchel.api.FileViews;
import io.satchel.api.HttpMetrics;
import io.satchel.catalog.Times;
import io.satchel.errors.Failure;
import io.satchel.files.FileCatalog;
import io.satchel.files.StoredFile;
import io.satchel.projects.Project;
import io.satchel.projects.Projects;
import io.satchel.uploads.PendingUpload;
import io.satchel.uploads.PendingUploads;
import io.satchel.uploads.UploadLeases;
import io.satchel.uploads.Uploads;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tus adapter: {@code OPTIONS|POST /tus/} and {@code HEAD|PATCH|DELETE /tus/{uuid}} (spec/tus.md).
 * Every answer carries {@code Tus-Resumable: 1.0.0}; every request but OPTIONS must, else 412.
 */
public final class TusApi {
    static final String VERSION = "1.0.0";
    static final String EXTENSIONS = "creation,creation-with-upload,creation-defer-length,termination,concatenation,"
            + "expiration,checksum,checksum-trailer";
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /** How long a request waits for another one on the same upload before it is answered 409. */
    private static final java.time.Duration LOCK_WAIT = java.time.Duration.ofSeconds(1);

    private final PendingUploads pending;
    private final Uploads uploads;
    private final Projects projects;
    private final FileCatalog files;
    private final FileViews views;
    private final ChunkWriter writer;
    private final TusCreation creation;

    public TusApi(PendingUploads pending, Uploads uploads, Projects projects, FileCatalog files, FileViews views,
                  HttpMetrics metrics) {
        this.pending = pending;
        this.uploads = uploads;
        this.projects = projects;
        this.files = files;
        this.views = views;
        this.writer = new ChunkWriter(pending, metrics);
        this.creation = new TusCreation(pending, uploads, writer, this);
    }

    /** Handles every call under {@code /tus}. */
    public boolean handle(Call call) throws IOException {
        call.header("Tus-Resumable", VERSION);
        List<String> s = call.segments();
        try {
            if (s.size() > 2 || (s.size() == 2 && !UUID.matcher(s.get(1)).matches())) {
                throw Failure.notFound("UploadNotFoundError", "Upload not found.");
            }
            if (call.method().equals("OPTIONS")) {
                options(call);
                return true;
            }
            String version = call.header("Tus-Resumable");
            if (version == null || !version.strip().equals(VERSION)) {
                call.header("Tus-Version", VERSION);
                call.send(412, "text/plain; charset=utf-8", "Tus-Resumable: " + VERSION + " is required.");
                return true;
            }
            if (s.size() == 1) {
                if (!call.method().equals("POST")) throw notAllowed(call, "POST, OPTIONS");
                creation.create(call);
                return true;
            }
            String uuid = s.get(1);
            switch (call.method()) {
                case "HEAD" -> head(call, uuid);
                case "PATCH" -> patch(call, uuid);
                case "DELETE" -> delete(call, uuid);
                default -> throw notAllowed(call, "HEAD, PATCH, DELETE, OPTIONS");
            }
        } catch (Failure f) {
            if (!call.isSent()) call.send(f.status(), "text/plain; charset=utf-8", f.getMessage());
        }
        return true;
    }

    private void options(Call call) {
        Project project = null;
        String key = call.query().get("pub_key");
        if (key != null) project = uploads.authenticate("pub_key", key);
        call.header("Tus-Version", VERSION);
        call.header("Tus-Extension", EXTENSIONS);
        call.header("Tus-Max-Size", String.valueOf(uploads.capFor(project)));
        call.header("Tus-Checksum-Algorithm", Checksum.ALGORITHMS);
        call.sendEmpty(204);
    }

    private void head(Call call, String uuid) throws IOException {
        call.header("Cache-Control", "no-store");
        Optional<PendingUpload> found = open(uuid);
        if (found.isPresent() && ChunkWriter.isDue(found.get())) {
            // Every byte is in but CONFIRM did not run (a crash in between): finish it now.
            locked(uuid, lease -> {
                Optional<PendingUpload> still = open(uuid);
                return still.isPresent() ? writer.finishIfDue(still.get()) : Optional.empty();
            });
            found = Optional.empty();
        }
        if (found.isPresent()) {
            PendingUpload u = found.get();
            TusExtra extra = TusExtra.of(u.extra());
            call.header("Upload-Offset", String.valueOf(u.received()));
            if (u.length() != null) call.header("Upload-Length", String.valueOf(u.length()));
            else call.header("Upload-Defer-Length", "1");
            echo(call, extra);
            expires(call, u);
            call.sendEmpty(200);
            return;
        }
        StoredFile file = finishedFile(uuid);
        call.header("Upload-Offset", String.valueOf(file.size()));
        call.header("Upload-Length", String.valueOf(file.size()));
        echo(call, TusExtra.of(pending.finished(uuid).orElse("")));
        call.sendEmpty(200);
    }

    private void patch(Call call, String uuid) throws IOException {
        if (!ChunkWriter.carriesBytes(call)) {
            throw new Failure(Failure.Category.UNSUPPORTED_MEDIA_TYPE, "UploadContentTypeError",
                    "PATCH needs Content-Type: " + ChunkWriter.OFFSET_STREAM + ".");
        }
        long offset = offsetOf(call);
        Checksum checksum = Checksum.parse(call.header("Upload-Checksum"));
        String announced = call.header("Trailer");
        boolean trailer = checksum == null && announced != null
                && announced.toLowerCase(Locale.ROOT).contains("upload-checksum"); // checksum-trailer
        String newLength = call.header("Upload-Length");
        if (open(uuid).isEmpty()) {
            patchFinished(call, uuid, offset);
            return;
        }
        ChunkWriter.Result r = locked(uuid, lease -> {
            Optional<PendingUpload> still = open(uuid);
            if (still.isEmpty()) return null; // finished by the request this one waited for
            PendingUpload u = still.get();
            if (TusExtra.of(u.extra()).isFinal()) throw finalUpload();
            if (offset != u.received()) throw offsetConflict(u.received());
            long cap = capOf(u);
            if (newLength != null) u = setLength(u, TusCreation.parseLength(newLength), cap);
            ChunkWriter.Result written = writer.write(call, u, cap, checksum, trailer, lease);
            writer.finishIfDue(written.upload());
            return written;
        });
        if (r == null) {
            patchFinished(call, uuid, offset);
            return;
        }
        PendingUpload u = r.upload();
        call.header("Upload-Offset", String.valueOf(u.received()));
        if (!ChunkWriter.isDue(u)) expires(call, u);
        if (r.checksumMismatch()) {
            call.send(460, "text/plain; charset=utf-8", "Checksum mismatch: the chunk was discarded.");
            return;
        }
        call.sendEmpty(204);
    }

    /** A PATCH on an upload that is already a file: nothing more to take, an empty one at its end is fine. */
    private void patchFinished(Call call, String uuid, long offset) throws IOException {
        StoredFile file = finishedFile(uuid);
        if (TusExtra.of(pending.finished(uuid).orElse("")).isFinal()) throw finalUpload();
        if (offset != file.size()) throw offsetConflict(file.size());
        if (ChunkWriter.bodyGoesOn(call)) {
            throw Failure.tooLarge("UploadLengthExceededError", "The body goes past Upload-Length.");
        }
        call.header("Upload-Offset", String.valueOf(file.size()));
        call.sendEmpty(204);
    }

    private void delete(Call call, String uuid) throws IOException {
        boolean terminated = open(uuid).isPresent() && locked(uuid, lease -> {
            Optional<PendingUpload> u = open(uuid);
            if (u.isEmpty()) return false;
            pending.terminate(u.get());
            return true;
        });
        if (!terminated) {
            finishedFile(uuid);
            throw Failure.forbidden("UploadFinishedError", "The upload is complete; remove the file through the REST API.");
        }
        call.sendEmpty(204);
    }

    /** A tus upload still receiving bytes; 410 when it was terminated or expired. */
    private Optional<PendingUpload> open(String uuid) {
        Optional<PendingUpload> u = pending.find(uuid).filter(p -> p.protocol() == PendingUpload.Protocol.TUS);
        if (u.isPresent() && (u.get().state() != PendingUpload.State.OPEN || u.get().isExpired(pending.now()))) {
            throw gone();
        }
        return u;
    }

    /** A tus upload that became a file; 410 if the file was removed since, 404 when there is no such upload. */
    private StoredFile finishedFile(String uuid) {
        if (pending.finished(uuid).isEmpty()) throw Failure.notFound("UploadNotFoundError", "Upload not found.");
        StoredFile f = files.find(uuid).orElseThrow(() -> Failure.notFound("UploadNotFoundError", "Upload not found."));
        if (f.isRemoved()) throw gone();
        return f;
    }

    private PendingUpload setLength(PendingUpload u, long length, long cap) {
        if (u.length() != null) {
            if (u.length() != length) throw TusCreation.bad("Upload-Length was already set to " + u.length() + ".");
            return u;
        }
        if (length < u.received()) throw TusCreation.bad("Upload-Length is below the offset.");
        if (length > cap) throw Failure.tooLarge("FileSizeLimitExceededError", "Upload-Length is above Tus-Max-Size (" + cap + ").");
        pending.setLength(u, length);
        return pending.find(u.uuid()).orElseThrow(TusApi::gone);
    }

    /** The largest upload the upload's project takes. */
    private long capOf(PendingUpload u) {
        return uploads.capFor(projects.byId(u.projectId()).orElse(null));
    }

    private static long offsetOf(Call call) {
        String v = call.header("Upload-Offset");
        if (v == null) throw TusCreation.bad("Upload-Offset is required.");
        return TusCreation.parseLength(v);
    }

    private static void echo(Call call, TusExtra extra) {
        if (extra.metadata() != null) call.header("Upload-Metadata", extra.metadata());
        if (extra.uploadConcat() != null) call.header("Upload-Concat", extra.uploadConcat());
    }

    void expires(Call call, PendingUpload u) {
        call.header("Upload-Expires", HTTP_DATE.format(Times.instant(u.expiresAt())));
    }

    String location(String uuid) {
        return views.base() + "/tus/" + uuid;
    }

    /**
     * Work on one upload that must not interleave with another request's, on this node or any other; 409
     * if that one does not end soon.
     */
    <T> T locked(String uuid, Locked<T> work) throws IOException {
        try (UploadLeases.Lease lease = pending.exclusive(uuid, LOCK_WAIT).orElseThrow(() -> new Failure(
                Failure.Category.CONFLICT, "UploadBusyError", "Another request is writing this upload."))) {
            return work.run(lease);
        }
    }

    interface Locked<T> {
        T run(UploadLeases.Lease lease) throws IOException;
    }

    private static Failure notAllowed(Call call, String allow) {
        call.header("Allow", allow);
        return new Failure(Failure.Category.METHOD_NOT_ALLOWED, "MethodNotAllowedError",
                "Method " + call.method() + " is not allowed here.");
    }

    private static Failure gone() {
        return new Failure(Failure.Category.GONE, "UploadGoneError", "The upload was terminated or has expired.");
    }

    private static Failure finalUpload() {
        return Failure.forbidden("UploadConcatFinalError", "A final upload cannot be patched.");
    }

    private static Failure offsetConflict(long offset) {
        return new Failure(Failure.Category.CONFLICT, "UploadOffsetConflictError",
                "Upload-Offset does not match the upload's offset " + offset + ".");
    }
}
