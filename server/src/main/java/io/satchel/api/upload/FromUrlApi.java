package io.satchel.api.upload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.api.Call;
import io.satchel.api.FileViews;
import io.satchel.api.Json;
import io.satchel.api.Params;
import io.satchel.errors.Failure;
import io.satchel.fromurl.FromUrl;
import io.satchel.projects.Project;
import io.satchel.uploads.Uploads;
import java.util.Locale;
import java.util.Map;

/** {@code POST /from_url/} and {@code GET /from_url/status/} (spec §2.3.3, §2.3.5): parameters in, JSON out. */
final class FromUrlApi {
    private final FromUrl fromUrl;
    private final Uploads uploads;
    private final FileViews views;

    FromUrlApi(FromUrl fromUrl, Uploads uploads, FileViews views) {
        this.fromUrl = fromUrl;
        this.uploads = uploads;
        this.views = views;
    }

    void request(Call call, Params params) {
        Project project = uploads.admit("pub_key", params.get("pub_key"), params.get("signature"), params.get("expire"));
        boolean store = uploads.resolveStore(project, params.get("store"));
        Map<String, String> metadata = uploads.checkMetadata(params.metadata());
        boolean check = flag(params.get("check_URL_duplicates"));
        boolean save = params.has("save_URL_duplicates") ? flag(params.get("save_URL_duplicates")) : check;
        FromUrl.Accepted accepted = fromUrl.request(new FromUrl.Request(project, params.get("source_url"), store,
                params.get("filename"), metadata, params.get("source"), check, save));
        ObjectNode body = Json.object();
        switch (accepted) {
            case FromUrl.Accepted.Token t -> body.put("type", "token").put("token", t.token());
            case FromUrl.Accepted.Duplicate d -> body.put("type", "file_info").setAll(views.uploadInfo(d.file()));
        }
        call.send(200, "application/json", Json.bytes(body));
    }

    void status(Call call, Params params) {
        String token = params.get("token");
        if (token == null || token.isBlank()) throw Failure.badRequest("TokenRequiredError", "token is required.");
        ObjectNode body = Json.object();
        switch (fromUrl.status(token.trim().toLowerCase(Locale.ROOT))) {
            case FromUrl.Status.Waiting w -> body.put("status", "waiting");
            case FromUrl.Status.Progress p -> body.put("status", "progress").put("done", p.done()).put("total", p.total());
            case FromUrl.Status.Success s -> body.put("status", "success").setAll(views.uploadInfo(s.file()));
            case FromUrl.Status.Failed f -> body.put("status", "error").put("error", f.message()).put("error_code", f.code());
            case FromUrl.Status.Unknown u -> body.put("status", "unknown");
        }
        call.send(200, "application/json", Json.bytes(body));
    }

    /** {@code check_URL_duplicates} / {@code save_URL_duplicates}: clients send 1 (JS sends nothing for false). */
    private static boolean flag(String value) {
        return value != null && (value.trim().equals("1") || value.trim().equalsIgnoreCase("true"));
    }
}
