package io.satchel.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdminApiTest {
    static final String TOKEN = "admin-token-0123456789";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(s -> s.withAdminToken(TOKEN));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    HttpResponse<String> call(String method, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return server.send(b.build());
    }

    @Test
    void createShowSetRotateAndList() {
        HttpResponse<String> created = call("POST", "/admin/projects", TOKEN, "{\"name\":\"shop\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode p = Uploader.json(created.body());
        assertThat(p.get("name").asText()).isEqualTo("shop");
        assertThat(p.get("public_key").asText()).matches("[0-9a-f]{20}");
        assertThat(p.get("secret_key").asText()).matches("[0-9a-f]{20}");
        assertThat(p.get("autostore").asBoolean()).isTrue();
        assertThat(p.get("signed_uploads").asBoolean()).isFalse();
        assertThat(p.get("secure_delivery").asBoolean()).isFalse();
        assertThat(p.has("max_upload_bytes")).isTrue();

        // the new public key uploads at once
        String uuid = new Uploader(server).upload(p.get("public_key").asText(), "a.txt", "hi", "1");
        assertThat(uuid).hasSize(36);

        HttpResponse<String> patched = call("PATCH", "/admin/projects/shop", TOKEN,
                "{\"autostore\": false, \"max_upload_bytes\": 1048576, \"allowed_mime_types\": [\"image/*\", \"application/pdf\"]}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode q = Uploader.json(patched.body());
        assertThat(q.get("autostore").asBoolean()).isFalse();
        assertThat(q.get("max_upload_bytes").asLong()).isEqualTo(1048576);
        assertThat(q.get("allowed_mime_types")).hasSize(2);

        assertThat(Uploader.json(call("GET", "/admin/projects/shop", TOKEN, null).body()).get("autostore").asBoolean()).isFalse();

        JsonNode rotated = Uploader.json(call("POST", "/admin/projects/shop/rotate-secret", TOKEN, null).body());
        assertThat(rotated.get("secret_key").asText()).isNotEqualTo(p.get("secret_key").asText());
        assertThat(rotated.get("public_key").asText()).isEqualTo(p.get("public_key").asText());

        JsonNode all = Uploader.json(call("GET", "/admin/projects", TOKEN, null).body());
        assertThat(all.isArray()).isTrue();
        assertThat(all.findValuesAsText("name")).contains("alpha", "bravo", "shop");
    }

    @Test
    void refusesWithoutTheTokenAndExplainsBadInput() {
        assertThat(call("GET", "/admin/projects", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/admin/projects", "wrong-token-0123456789", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/admin/projects/nope", TOKEN, null).statusCode()).isEqualTo(404);
        HttpResponse<String> dup = call("POST", "/admin/projects", TOKEN, "{\"name\":\"alpha\"}");
        assertThat(dup.statusCode()).isEqualTo(409);
        assertThat(Uploader.json(dup.body()).get("detail").asText()).contains("already exists");
        assertThat(call("POST", "/admin/projects", TOKEN, "{\"name\":\"bad name!\"}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/admin/projects", TOKEN, "not json").statusCode()).isEqualTo(400);
        assertThat(call("PATCH", "/admin/projects/alpha", TOKEN, "{\"colour\":\"blue\"}").statusCode()).isEqualTo(400);
        assertThat(call("PATCH", "/admin/projects/alpha", TOKEN, "{\"autostore\":\"maybe\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void isOffWithoutAConfiguredToken() {
        try (TestServer plain = TestServer.start()) {
            HttpResponse<String> r = plain.send(HttpRequest.newBuilder(plain.uri("/admin/projects"))
                    .header("Authorization", "Bearer anything-at-all-here").build());
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("SATCHEL_ADMIN_TOKEN");
        }
    }
}
