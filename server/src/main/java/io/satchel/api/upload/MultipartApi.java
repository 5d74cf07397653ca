package io.satchel.api.upload;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.api.Call;
import io.satchel.api.FileViews;
import io.satchel.api.HttpMetrics;
import io.satchel.api.Json;
import io.satchel.api.Params;
import io.satchel.errors.Failure;
import io.satchel.files.StoredFile;
import io.satchel.projects.Project;
import io.satchel.uploads.MultipartUploads;
import io.satchel.uploads.Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;

/**
 * The Upload API's multipart routes (spec §2.3.2): {@code POST /multipart/start/}, {@code PUT} to the
 * part URLs it hands out ({@code /multipart/part/<uuid>/<n>?token=…}), {@code POST /multipart/complete/}.
 */
final class MultipartApi {
    private final Uploads uploads;
    private final MultipartUploads multipart;
    private final FileViews views;
    private final HttpMetrics metrics;

    MultipartApi(Uploads uploads, MultipartUploads multipart, FileViews views, HttpMetrics metrics) {
        this.uploads = uploads;
        this.multipart = multipart;
        this.views = views;
        this.metrics = metrics;
    }

    void start(Call call, Params params) throws IOException {
        Project project = uploads.admit("UPLOADCARE_PUB_KEY", params.get("UPLOADCARE_PUB_KEY"), params.get("signature"),
                params.get("expire"));
        String filename = required(params, "filename");
        String size = required(params, "size");
        String contentType = required(params, "content_type");
        long bytes = integer(size, "MultipartSizeInvalidError", "size should be integer.");
        String partSizeParam = params.get("part_size");
        long partSize = partSizeParam == null || partSizeParam.isBlank() ? MultipartUploads.DEFAULT_PART_SIZE
                : integer(partSizeParam, "MultipartPartSizeInvalidError", "Multipart Upload Part Size should be an integer.");
        boolean store = uploads.resolveStore(project, params.get("UPLOADCARE_STORE"));
        var metadata = uploads.checkMetadata(params.metadata());
        MultipartUploads.Started started = multipart.start(project, bytes, partSize, filename, contentType, store, metadata,
                params.get("source"));
        ObjectNode body = Json.object();
        body.put("uuid", started.uuid());
        ArrayNode parts = body.putArray("parts");
        for (URI u : started.parts()) parts.add(u.toString());
        call.send(200, "application/json", Json.bytes(body));
    }

    void putPart(Call call, Params params, String uuid, String number) throws IOException {
        if (!UploadApi.UUID.matcher(uuid).matches() || !number.matches("[1-9][0-9]{0,5}")) {
            throw Failure.notFound("MultipartFileNotFoundError", "File is not found.");
        }
        try (InputStream body = call.body()) {
            multipart.putPart(uuid, Integer.parseInt(number), params.get("token"), body, call.contentLength());
        }
        call.sendEmpty(200);
    }

    void complete(Call call, Params params) throws IOException {
        Project project = uploads.authenticate("UPLOADCARE_PUB_KEY", params.get("UPLOADCARE_PUB_KEY"));
        String uuid = params.get("uuid");
        if (uuid == null || uuid.isBlank()) throw Failure.badRequest("MultipartFileIdRequiredError", "uuid is required.");
        uuid = uuid.trim().toLowerCase(Locale.ROOT);
        if (!UploadApi.UUID.matcher(uuid).matches()) throw Failure.notFound("MultipartFileNotFoundError", "File is not found.");
        StoredFile f = multipart.complete(project, uuid);
        metrics.uploaded(f.size());
        call.send(200, "application/json", Json.bytes(views.uploadInfo(f)));
    }

    private static String required(Params params, String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) throw Failure.required(name);
        return v.trim();
    }

    private static long integer(String v, String code, String message) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw Failure.badRequest(code, message);
        }
    }
}
