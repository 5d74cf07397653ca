package io.satchel.api.upload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.api.Call;
import io.satchel.api.FileViews;
import io.satchel.api.HttpMetrics;
import io.satchel.api.Json;
import io.satchel.api.Params;
import io.satchel.errors.Failure;
import io.satchel.files.FileCatalog;
import io.satchel.files.StoredFile;
import io.satchel.fromurl.FromUrl;
import io.satchel.groups.Group;
import io.satchel.groups.Groups;
import io.satchel.projects.Project;
import io.satchel.storage.CappedInputStream;
import io.satchel.uploads.MultipartReader;
import io.satchel.uploads.MultipartUploads;
import io.satchel.uploads.Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Upload API (spec §2): {@code /base/}, {@code /info/}, {@code /group/}, {@code /group/info/},
 * {@code /from_url/}, {@code /from_url/status/}, and the multipart routes (in {@link MultipartApi}).
 * Parameters come from the query and the body merged; errors are plain text, or HTTP 200 with a JSON
 * error object when the client sent {@code jsonerrors=1}.
 */
public final class UploadApi {
    private static final Logger LOG = LoggerFactory.getLogger(UploadApi.class);
    static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int MAX_FORM_BYTES = 1024 * 1024;
    private static final int MAX_FIELD_BYTES = 64 * 1024;
    private static final int MAX_FIELDS = 1000;
    private static final int MAX_FILES_PER_REQUEST = 100;
    private static final String JSONP = "[A-Za-z_$][A-Za-z0-9_$.]{0,127}";

    private final Uploads uploads;
    private final FileCatalog files;
    private final Groups groups;
    private final FileViews views;
    private final long maxRequestBytes;
    private final HttpMetrics metrics;
    private final MultipartApi multipart;
    private final FromUrlApi fromUrl;

    public UploadApi(Uploads uploads, MultipartUploads multipart, FileCatalog files, Groups groups, FileViews views,
                     long maxRequestBytes, HttpMetrics metrics, FromUrl fromUrl) {
        this.metrics = metrics;
        this.multipart = new MultipartApi(uploads, multipart, views, metrics);
        this.fromUrl = new FromUrlApi(fromUrl, uploads, views);
        this.uploads = uploads;
        this.files = files;
        this.groups = groups;
        this.views = views;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Handles the call if its path is one of the Upload API's; returns false otherwise. */
    public boolean handle(Call call) throws IOException {
        List<String> s = call.segments();
        String route = String.join("/", s);
        Params params = call.query();
        try {
            switch (route) {
                case "base" -> {
                    requireMethod(call, "POST");
                    base(call, params);
                }
                case "info" -> {
                    requireMethod(call, "GET", "POST");
                    readForm(call, params);
                    info(call, params);
                }
                case "group" -> {
                    requireMethod(call, "POST", "GET");
                    readForm(call, params);
                    createGroup(call, params);
                }
                case "group/info" -> {
                    requireMethod(call, "GET", "POST");
                    readForm(call, params);
                    groupInfo(call, params);
                }
                case "multipart/start" -> {
                    requireMethod(call, "POST");
                    readForm(call, params);
                    multipart.start(call, params);
                }
                case "multipart/complete" -> {
                    requireMethod(call, "POST");
                    readForm(call, params);
                    multipart.complete(call, params);
                }
                case "from_url" -> {
                    requireMethod(call, "POST");
                    readForm(call, params);
                    fromUrl.request(call, params);
                }
                case "from_url/status" -> {
                    requireMethod(call, "GET", "POST");
                    readForm(call, params);
                    fromUrl.status(call, params);
                }
                default -> {
                    if (s.size() == 4 && s.get(0).equals("multipart") && s.get(1).equals("part")) {
                        requireMethod(call, "PUT");
                        multipart.putPart(call, params, s.get(2), s.get(3));
                    } else {
                        return false;
                    }
                }
            }
        } catch (Failure f) {
            UploadErrors.send(call, params, f);
        }
        return true;
    }

    private void base(Call call, Params params) throws IOException {
        String boundary = MultipartReader.boundaryOf(call.header("Content-Type"));
        if (boundary == null) {
            readForm(call, params);
            throw Failure.badRequest("FilesRequiredError", "Request does not contain files.");
        }
        if (call.contentLength() > maxRequestBytes) throw requestTooLarge();
        List<Uploads.Staged> staged = new ArrayList<>();
        List<Uploads.Staged> confirmed = new ArrayList<>();
        try {
            Project project = null;
            MultipartReader reader = new MultipartReader(new CappedInputStream(call.body(), maxRequestBytes, UploadApi::requestTooLarge), boundary);
            for (MultipartReader.Part part; (part = reader.next()) != null; ) {
                if (!part.isFile()) {
                    if (params.size() >= MAX_FIELDS) {
                        throw Failure.badRequest("RequestFiledsNumberLimitExceededError", "Too many fields in the request.");
                    }
                    params.add(part.name(), field(part.body()));
                    continue;
                }
                if (project == null && params.get("UPLOADCARE_PUB_KEY") != null) {
                    // Known before the bytes: the project's cap applies while streaming, and a bad
                    // signature stops the upload early. Signature fields may still follow the file.
                    project = params.get("signature") != null && params.get("expire") != null ? admit(params)
                            : uploads.authenticate("UPLOADCARE_PUB_KEY", params.get("UPLOADCARE_PUB_KEY"));
                }
                if (staged.size() >= MAX_FILES_PER_REQUEST) {
                    throw Failure.badRequest("RequestFileNumberLimitExceededError",
                            "Too many files in the request. The limit is " + MAX_FILES_PER_REQUEST + ".");
                }
                staged.add(uploads.stage(part.name(), part.filename(), part.body(), uploads.capFor(project)));
            }
            project = admit(params);
            boolean store = uploads.resolveStore(project, params.get("UPLOADCARE_STORE"));
            var metadata = uploads.checkMetadata(params.metadata());
            if (staged.isEmpty()) throw Failure.badRequest("FilesRequiredError", "Request does not contain files.");
            for (Uploads.Staged st : staged) uploads.vet(project, st);
            ObjectNode result = Json.object();
            for (Uploads.Staged st : staged) {
                StoredFile f = uploads.confirm(project, st, store, metadata, params.get("source"));
                confirmed.add(st);
                metrics.uploaded(f.size());
                result.put(st.field(), f.uuid());
            }
            call.send(200, "application/json", Json.bytes(result));
        } finally {
            for (Uploads.Staged st : staged) if (!confirmed.contains(st)) uploads.discard(st);
        }
    }

    /** REQUEST for a direct upload: the public key and, where the project demands it, the signature. */
    private Project admit(Params params) {
        return uploads.admit("UPLOADCARE_PUB_KEY", params.get("UPLOADCARE_PUB_KEY"), params.get("signature"),
                params.get("expire"));
    }

    private void info(Call call, Params params) {
        Project project = uploads.authenticate("pub_key", params.get("pub_key"));
        String id = params.get("file_id");
        if (id == null || id.isEmpty()) throw Failure.badRequest("FileIdRequiredError", "file_id is required.");
        String uuid = id.trim().toLowerCase(Locale.ROOT);
        if (!UUID.matcher(uuid).matches()) throw Failure.badRequest("FileIdInvalidError", "file_id is invalid.");
        StoredFile f = files.find(project.id(), uuid).filter(x -> !x.isRemoved())
                .orElseThrow(() -> Failure.notFound("FileNotFoundError", "File is not found."));
        call.send(200, "application/json", Json.bytes(views.uploadInfo(f)));
    }

    private void createGroup(Call call, Params params) {
        Project project = uploads.admit("pub_key", params.get("pub_key"), params.get("signature"), params.get("expire"));
        Group g = groups.create(project, params.array("files"));
        sendGroup(call, params, g);
    }

    private void groupInfo(Call call, Params params) {
        Project project = uploads.authenticate("pub_key", params.get("pub_key"));
        String id = params.get("group_id");
        if (id == null || id.isEmpty()) throw Failure.badRequest("GroupIdRequiredError", "group_id is required.");
        Group g = groups.find(project.id(), id.trim())
                .orElseThrow(() -> Failure.notFound("GroupNotFoundError", "group_id is invalid."));
        sendGroup(call, params, g);
    }

    private void sendGroup(Call call, Params params, Group g) {
        ObjectNode body = views.group(g, groups.memberFiles(g), views::uploadInfo);
        String callback = params.get("callback");
        if (callback != null && !callback.isEmpty()) {
            if (!callback.matches(JSONP)) throw Failure.badRequest("GroupViewsError", "callback is invalid.");
            call.send(200, "application/javascript", callback + "(" + new String(Json.bytes(body), StandardCharsets.UTF_8) + ");");
            return;
        }
        call.send(200, "application/json", Json.bytes(body));
    }

    /** Adds the fields of a small urlencoded or multipart body to {@code params}; file parts are skipped. */
    private static void readForm(Call call, Params params) throws IOException {
        String type = call.header("Content-Type");
        if (call.method().equals("GET") || call.method().equals("HEAD") || type == null) return;
        String boundary = MultipartReader.boundaryOf(type);
        try {
            if (boundary != null) {
                MultipartReader reader = new MultipartReader(new CappedInputStream(call.body(), MAX_FORM_BYTES, UploadApi::requestTooLarge), boundary);
                for (MultipartReader.Part part; (part = reader.next()) != null; ) {
                    if (!part.isFile()) params.add(part.name(), field(part.body()));
                    if (params.size() > MAX_FIELDS) {
                        throw Failure.badRequest("RequestFiledsNumberLimitExceededError", "Too many fields in the request.");
                    }
                }
            } else if (type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                params.addUrlEncoded(new String(call.smallBody(MAX_FORM_BYTES), StandardCharsets.UTF_8));
            }
        } catch (Call.BodyTooLarge e) {
            throw requestTooLarge();
        }
    }

    private static String field(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_FIELD_BYTES + 1);
        if (bytes.length > MAX_FIELD_BYTES) {
            throw Failure.badRequest("PostRequestParserFailedError", "A form field is too long.");
        }
        String v = new String(bytes, StandardCharsets.UTF_8);
        if (v.indexOf('\0') >= 0) throw Failure.badRequest("NullCharactersForbiddenError", "Null characters are not allowed.");
        return v;
    }

    private static void requireMethod(Call call, String... allowed) {
        for (String m : allowed) if (m.equals(call.method()) || (m.equals("GET") && call.isHead())) return;
        throw new Failure(Failure.Category.METHOD_NOT_ALLOWED, "MethodNotAllowedError",
                "Method " + call.method() + " is not allowed.");
    }

    static Failure requestTooLarge() {
        return Failure.tooLarge("RequestSizeLimitExceededError", "The size of the request is too large.");
    }
}
