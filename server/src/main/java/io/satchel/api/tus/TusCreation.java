package io.satchel.api.tus;

import io.satchel.api.Call;
import io.satchel.errors.Failure;
import io.satchel.files.Filenames;
import io.satchel.projects.Project;
import io.satchel.uploads.PendingUpload;
import io.satchel.uploads.PendingUploads;
import io.satchel.uploads.Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /tus/}: REQUEST for a tus upload. {@code Upload-Metadata} carries what the Upload API takes
 * as form fields (public key, signature, store, file name, metadata); the project's cap bounds
 * {@code Upload-Length}. A final concatenation is assembled from its finished partials at once.
 */
final class TusCreation {
    static final int MAX_PARTS = 1000;
    private static final Pattern LENGTH = Pattern.compile("[0-9]{1,18}");
    private static final Pattern PART = Pattern.compile("(?:.*/)?tus/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/?");

    private final PendingUploads pending;
    private final Uploads uploads;
    private final ChunkWriter writer;
    private final TusApi api;

    TusCreation(PendingUploads pending, Uploads uploads, ChunkWriter writer, TusApi api) {
        this.pending = pending;
        this.uploads = uploads;
        this.writer = writer;
        this.api = api;
    }

    /** What REQUEST settled from the headers before anything is recorded. */
    private record Admitted(Project project, UploadMetadata metadata, boolean stored, Map<String, String> fileMetadata) {}

    void create(Call call) throws IOException {
        String concat = call.header("Upload-Concat");
        boolean withBody = ChunkWriter.carriesBytes(call);
        if (!withBody && call.hasBody() && call.contentLength() != 0) {
            throw new Failure(Failure.Category.UNSUPPORTED_MEDIA_TYPE, "UploadContentTypeError",
                    "A creation body must be of type " + ChunkWriter.OFFSET_STREAM + ".");
        }
        Admitted admitted = admit(call);
        if (concat != null && concat.strip().startsWith("final")) {
            if (withBody && call.contentLength() != 0) throw bad("A final upload takes no body.");
            createFinal(call, admitted, concat.strip());
            return;
        }
        boolean partial = false;
        if (concat != null) {
            if (!concat.strip().equals("partial")) throw bad("Upload-Concat must be partial or final;<urls>.");
            partial = true;
        }
        Long length = length(call);
        long cap = uploads.capFor(admitted.project());
        if (length != null && length > cap) throw tooLarge(cap);
        UploadMetadata md = admitted.metadata();
        TusExtra extra = partial ? new TusExtra(md.raw(), TusExtra.Concat.PARTIAL, null, List.of()) : TusExtra.plain(md.raw());
        PendingUpload u = pending.open(admitted.project(), new PendingUploads.Request(PendingUpload.Protocol.TUS, length,
                null, Filenames.original(md.text("filename", "name"), "file"), contentType(md), admitted.stored(),
                admitted.fileMetadata(), null, extra.json()));
        call.header("Location", api.location(u.uuid()));
        if (withBody) {
            Checksum checksum = Checksum.parse(call.header("Upload-Checksum"));
            ChunkWriter.Result r = api.locked(u.uuid(), lease -> {
                PendingUpload now = pending.find(u.uuid()).orElseThrow();
                ChunkWriter.Result written = writer.write(call, now, cap, checksum, false, lease);
                writer.finishIfDue(written.upload());
                return written;
            });
            if (r.checksumMismatch()) {
                // The upload exists; the bytes sent with it did not match and were dropped.
                api.expires(call, r.upload());
                call.header("Upload-Offset", String.valueOf(r.upload().received()));
                call.send(460, "text/plain; charset=utf-8", "Checksum mismatch.");
                return;
            }
            call.header("Upload-Offset", String.valueOf(r.upload().received()));
            if (!ChunkWriter.isDue(r.upload())) api.expires(call, r.upload());
        } else {
            if (length != null && length == 0) api.locked(u.uuid(), lease -> writer.finishIfDue(u));
            if (!ChunkWriter.isDue(u)) api.expires(call, u);
        }
        call.sendEmpty(201);
    }

    private Admitted admit(Call call) {
        UploadMetadata md = UploadMetadata.parse(call.header("Upload-Metadata"));
        String key = md.text("pub_key", "UPLOADCARE_PUB_KEY");
        Project project = uploads.admit("pub_key", key, md.text("signature"), md.text("expire"));
        boolean stored = uploads.resolveStore(project, md.text("store"));
        Map<String, String> fileMetadata = uploads.checkMetadata(md.fileMetadata());
        return new Admitted(project, md, stored, fileMetadata);
    }

    /** {@code Upload-Length: N} or {@code Upload-Defer-Length: 1}, exactly one of them. */
    private static Long length(Call call) {
        String length = call.header("Upload-Length");
        String defer = call.header("Upload-Defer-Length");
        if (length != null && defer != null) throw bad("Send Upload-Length or Upload-Defer-Length, not both.");
        if (defer != null) {
            if (!defer.strip().equals("1")) throw bad("Upload-Defer-Length must be 1.");
            return null;
        }
        if (length == null) throw bad("Upload-Length or Upload-Defer-Length: 1 is required.");
        return parseLength(length);
    }

    static long parseLength(String value) {
        String v = value.strip();
        if (!LENGTH.matcher(v).matches()) throw bad("Upload-Length must be a non-negative integer.");
        return Long.parseLong(v);
    }

    private static String contentType(UploadMetadata md) {
        String type = md.text("filetype", "type", "content_type");
        if (type == null) return null;
        String t = type.strip().toLowerCase(Locale.ROOT);
        return t.length() <= 255 && t.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+") ? t : null;
    }

    /**
     * {@code Upload-Concat: final;<url> <url>…}: every partial must be a finished tus partial of the same
     * project. Their bytes are copied into the final upload's spool in order, the final upload completes,
     * and the partials are let go (terminated: they answer 410 afterwards).
     */
    private void createFinal(Call call, Admitted admitted, String header) throws IOException {
        if (call.header("Upload-Length") != null || call.header("Upload-Defer-Length") != null) {
            throw bad("A final upload takes no Upload-Length: it is the sum of its partials.");
        }
        List<String> uuids = partUuids(header);
        List<PendingUpload> parts = new ArrayList<>();
        long total = 0;
        for (String uuid : uuids) {
            PendingUpload p = pending.find(uuid).orElseThrow(() -> bad("Partial upload " + uuid + " does not exist."));
            if (p.protocol() != PendingUpload.Protocol.TUS || p.projectId() != admitted.project().id()
                    || !TusExtra.of(p.extra()).isPartial()) {
                throw bad("Upload " + uuid + " is not a partial upload of this project.");
            }
            if (p.state() != PendingUpload.State.OPEN || p.isExpired(pending.now())) {
                throw bad("Partial upload " + uuid + " is gone.");
            }
            if (p.length() == null || p.received() != p.length()) throw bad("Partial upload " + uuid + " is not finished.");
            parts.add(p);
            total += p.length();
        }
        long cap = uploads.capFor(admitted.project());
        if (total > cap) throw tooLarge(cap);
        UploadMetadata md = admitted.metadata();
        TusExtra extra = new TusExtra(md.raw(), TusExtra.Concat.FINAL, header, uuids);
        PendingUpload u = pending.open(admitted.project(), new PendingUploads.Request(PendingUpload.Protocol.TUS, total,
                null, Filenames.original(md.text("filename", "name"), "file"), contentType(md), admitted.stored(),
                admitted.fileMetadata(), null, extra.json()));
        api.locked(u.uuid(), lease -> {
            PendingUpload now = u;
            for (PendingUpload p : parts) {
                try (InputStream in = pending.readSpooled(p, 0, p.length())) {
                    PendingUploads.Written w = pending.append(now, in, false, lease);
                    if (w.bytes() != p.length()) {
                        pending.abandon(w);
                        throw bad("Partial upload " + p.uuid() + " is gone.");
                    }
                    now = pending.commit(now, w, lease)
                            .orElseThrow(() -> new IllegalStateException("a new final upload moved meanwhile"));
                } catch (NoSuchFileException e) {
                    throw bad("Partial upload " + p.uuid() + " is gone.");
                }
            }
            writer.finishIfDue(now);
            return null;
        });
        for (PendingUpload p : parts) pending.terminate(p);
        call.header("Location", api.location(u.uuid()));
        call.sendEmpty(201);
    }

    private static List<String> partUuids(String header) {
        int semicolon = header.indexOf(';');
        if (semicolon < 0 || !header.substring(0, semicolon).strip().equals("final")) {
            throw bad("Upload-Concat must be partial or final;<urls>.");
        }
        String list = header.substring(semicolon + 1).strip();
        if (list.isEmpty()) throw bad("Upload-Concat final names no partial uploads.");
        String[] urls = list.split(" +");
        if (urls.length > MAX_PARTS) throw bad("Upload-Concat final names more than " + MAX_PARTS + " partial uploads.");
        List<String> uuids = new ArrayList<>();
        for (String url : urls) {
            String path = url;
            int scheme = url.indexOf("://");
            if (scheme >= 0) {
                int slash = url.indexOf('/', scheme + 3);
                path = slash < 0 ? "" : url.substring(slash);
            }
            int query = path.indexOf('?');
            if (query >= 0) path = path.substring(0, query);
            Matcher m = PART.matcher(path.toLowerCase(Locale.ROOT));
            if (!m.matches()) throw bad("Upload-Concat names something that is not a tus upload URL.");
            uuids.add(m.group(1));
        }
        return uuids;
    }

    private static Failure tooLarge(long cap) {
        return Failure.tooLarge("FileSizeLimitExceededError", "Upload-Length is above Tus-Max-Size (" + cap + ").");
    }

    static Failure bad(String message) {
        return Failure.badRequest("UploadRequestInvalidError", message);
    }
}
