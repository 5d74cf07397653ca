package io.satchel.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.api.Call;
import io.satchel.api.Json;
import io.satchel.api.Params;
import io.satchel.projects.Project;
import java.util.Locale;

/** An authenticated REST call: the exchange, the version it negotiated, its project and its (small) body. */
record RestRequest(Call call, int version, Project project, byte[] body) {

    Params query() {
        return call.query();
    }

    long projectId() {
        return project.id();
    }

    /** {@code include=appdata} (v0.7), or the v0.6 {@code add_fields=appdata}. */
    boolean includeAppdata() {
        return listed(query().get("include")) || listed(query().get("add_fields"));
    }

    /** The body parsed as JSON; null when it is empty or not JSON. */
    JsonNode json() {
        if (body.length == 0) return null;
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    void ok(JsonNode body) {
        send(200, body);
    }

    void send(int status, JsonNode body) {
        call.send(status, ApiVersion.contentType(version), Json.bytes(body));
    }

    void noContent() {
        call.sendEmpty(204);
    }

    private static boolean listed(String csv) {
        if (csv == null) return false;
        for (String v : csv.split(",")) {
            if (v.trim().toLowerCase(Locale.ROOT).equals("appdata")) return true;
        }
        return false;
    }
}
