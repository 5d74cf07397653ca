package io.satchel.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.satchel.api.Call;
import io.satchel.api.Json;
import io.satchel.errors.Failure;
import io.satchel.projects.Project;
import io.satchel.projects.Projects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/projects}: the admin commands over HTTP (spec/satchel.md), behind
 * {@code Authorization: Bearer <SATCHEL_ADMIN_TOKEN>}. Without a configured token the API is off (403).
 * {@code GET /admin/projects}, {@code POST /admin/projects} {"name"}, {@code GET|PATCH /admin/projects/{name}},
 * {@code POST /admin/projects/{name}/rotate-secret}.
 */
public final class AdminApi {
    private static final int MAX_BODY = 64 * 1024;

    private final Projects projects;
    private final byte[] token;

    public AdminApi(Projects projects, String token) {
        this.projects = projects;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    public boolean handle(Call call) throws IOException {
        List<String> s = call.segments();
        if (s.size() < 2 || !s.get(1).equals("projects")) return false;
        try {
            authorize(call);
            String m = call.method();
            if (s.size() == 2 && m.equals("GET")) {
                ArrayNode arr = Json.MAPPER.createArrayNode();
                projects.all().forEach(p -> arr.add(ProjectView.of(p)));
                reply(call, 200, arr);
            } else if (s.size() == 2 && m.equals("POST")) {
                JsonNode body = body(call);
                String name = body.path("name").asText(null);
                if (name == null) throw Failure.badRequest("ProjectNameRequiredError", "name is required.");
                Project p = body.hasNonNull("public_key") || body.hasNonNull("secret_key")
                        ? projects.create(name, body.path("public_key").asText(null), body.path("secret_key").asText(null))
                        : projects.create(name);
                Map<String, String> settings = settings(body, List.of("name", "public_key", "secret_key"));
                if (!settings.isEmpty()) p = projects.set(name, settings);
                reply(call, 201, ProjectView.of(p));
            } else if (s.size() == 3 && m.equals("GET")) {
                reply(call, 200, ProjectView.of(projects.require(s.get(2))));
            } else if (s.size() == 3 && m.equals("PATCH")) {
                reply(call, 200, ProjectView.of(projects.set(s.get(2), settings(body(call), List.of()))));
            } else if (s.size() == 4 && s.get(3).equals("rotate-secret") && m.equals("POST")) {
                reply(call, 200, ProjectView.of(projects.rotateSecret(s.get(2))));
            } else if (s.size() <= 4) {
                throw new Failure(Failure.Category.METHOD_NOT_ALLOWED, "MethodNotAllowedError", "Method " + m + " not allowed.");
            } else {
                return false;
            }
        } catch (Failure f) {
            var err = Json.object();
            err.put("detail", f.getMessage());
            if (f.category() == Failure.Category.UNAUTHORIZED) call.header("WWW-Authenticate", "Bearer");
            reply(call, f.status(), err);
        }
        return true;
    }

    private void authorize(Call call) {
        if (token == null) {
            throw Failure.forbidden("AdminDisabledError", "The admin API is off: set SATCHEL_ADMIN_TOKEN to enable it.");
        }
        String auth = call.header("Authorization");
        byte[] given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) throw Failure.unauthorized("Invalid admin token.");
    }

    private static JsonNode body(Call call) throws IOException {
        byte[] raw;
        try {
            raw = call.smallBody(MAX_BODY);
        } catch (Call.BodyTooLarge e) {
            throw Failure.tooLarge("RequestSizeLimitExceededError", "The request body is too large.");
        }
        if (raw.length == 0) return Json.object();
        try {
            JsonNode n = Json.MAPPER.readTree(raw);
            if (n == null || !n.isObject()) throw new IOException("not an object");
            return n;
        } catch (IOException e) {
            throw Failure.badRequest("InvalidJsonError", "The body must be a JSON object.");
        }
    }

    /** Project settings from a JSON object: booleans, numbers, strings, or arrays of strings (lists). */
    private static Map<String, String> settings(JsonNode body, List<String> skip) {
        Map<String, String> out = new LinkedHashMap<>();
        body.properties().forEach(e -> {
            if (skip.contains(e.getKey())) return;
            JsonNode v = e.getValue();
            String text;
            if (v.isNull()) {
                text = "";
            } else if (v.isArray()) {
                List<String> items = new java.util.ArrayList<>();
                v.forEach(x -> items.add(x.asText()));
                text = String.join(e.getKey().equals("eager_variants") ? " " : ",", items);
            } else {
                text = v.asText();
            }
            out.put(e.getKey(), text);
        });
        return out;
    }

    private static void reply(Call call, int status, JsonNode body) {
        call.send(status, "application/json", Json.bytes(body));
    }
}
