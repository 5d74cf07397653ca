package io.satchel.api.upload;

import static io.satchel.api.upload.Wire.assertJsonError;
import static io.satchel.api.upload.Wire.assertPlainError;
import static io.satchel.api.upload.Wire.ok;
import static io.satchel.testing.TestServer.PUB;
import static io.satchel.testing.TestServer.PUB2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.Multipart;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /info/} (spec §2.3.4) and the upload-file-info object it answers (§2.4). */
class InfoTest {
    private static final List<String> KEYS = List.of("size", "total", "done", "uuid", "file_id", "original_filename",
            "filename", "mime_type", "is_image", "is_stored", "is_ready", "image_info", "video_info", "content_info", "metadata");
    private static TestServer server;
    private static Uploader uploader;
    private static String uuid;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        uploader = new Uploader(server);
        Multipart m = new Multipart().field("UPLOADCARE_PUB_KEY", PUB).field("UPLOADCARE_STORE", "0")
                .field("metadata[kind]", "test").file("file", "dot image.png", "image/png", Wire.png(4, 3));
        uuid = ok(server.post("/base/", m)).get("file").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void infoRightAfterUploadThenReady() {
        JsonNode first = Wire.info(server, PUB, uuid); // no waiting: the JS client polls at once
        assertShape(first);
        JsonNode ready = uploader.awaitReady(PUB, uuid);
        assertShape(ready);
        assertThat(ready.get("is_ready").asBoolean()).isTrue();
        assertThat(ready.get("uuid").asText()).isEqualTo(uuid);
        assertThat(ready.get("file_id").asText()).isEqualTo(uuid);
        assertThat(ready.get("original_filename").asText()).isEqualTo("dot image.png");
        assertThat(ready.get("filename").asText()).isEqualTo("dotimage.png");
        assertThat(ready.get("mime_type").asText()).isEqualTo("image/png");
        assertThat(ready.get("is_image").asBoolean()).isTrue();
        assertThat(ready.get("is_stored").asBoolean()).isFalse();
        assertThat(ready.get("metadata").get("kind").asText()).isEqualTo("test");
        JsonNode mime = ready.get("content_info").get("mime");
        assertThat(mime.get("mime").asText()).isEqualTo("image/png");
        assertThat(mime.get("type").asText()).isEqualTo("image");
        assertThat(mime.get("subtype").asText()).isEqualTo("png");
    }

    private static void assertShape(JsonNode info) {
        assertThat(info.isObject()).isTrue();
        KEYS.forEach(k -> assertThat(info.has(k)).as("key %s in %s", k, info).isTrue());
        for (String b : List.of("is_image", "is_stored", "is_ready")) assertThat(info.get(b).isBoolean()).as(b).isTrue();
        for (String n : List.of("size", "total", "done")) assertThat(info.get(n).isIntegralNumber()).as(n).isTrue();
        assertThat(info.get("total").asLong()).isEqualTo(info.get("size").asLong());
        assertThat(info.get("done").asLong()).isEqualTo(info.get("size").asLong());
        assertThat(info.get("size").asLong()).isEqualTo(Wire.png(4, 3).length);
        assertThat(info.get("metadata").isObject()).isTrue();
        assertThat(info.get("image_info").isNull() || info.get("image_info").isObject()).isTrue();
        assertThat(info.get("video_info").isNull() || info.get("video_info").isObject()).isTrue();
    }

    @Test
    void postWithFormOrMultipartBodyAndMergedQuery() {
        assertThat(ok(server.postForm("/info/", "pub_key=" + PUB + "&file_id=" + uuid)).get("uuid").asText()).isEqualTo(uuid);
        assertThat(ok(server.postForm("/info/?pub_key=" + PUB, "file_id=" + uuid)).get("uuid").asText()).isEqualTo(uuid);
        assertThat(ok(server.post("/info/?file_id=" + uuid, new Multipart().field("pub_key", PUB))).get("uuid").asText())
                .isEqualTo(uuid);
    }

    @Test
    void uppercaseUuidIsTheSameFile() {
        assertThat(Wire.info(server, PUB, uuid.toUpperCase(Locale.ROOT)).get("uuid").asText()).isEqualTo(uuid);
    }

    @Test
    void errors() {
        assertPlainError(server.get("/info/?pub_key=" + PUB), 400, "file_id is required.");
        assertPlainError(server.get("/info/?pub_key=" + PUB + "&file_id="), 400, "file_id is required.");
        assertJsonError(server.get("/info/?jsonerrors=1&pub_key=" + PUB), 400, "FileIdRequiredError", "file_id is required.");
        assertPlainError(server.get("/info/?pub_key=" + PUB + "&file_id=not-a-uuid"), 400, "file_id is invalid.");
        assertJsonError(server.get("/info/?jsonerrors=1&pub_key=" + PUB + "&file_id=" + uuid + "x"), 400,
                "FileIdInvalidError", "file_id is invalid.");
        assertPlainError(server.get("/info/?file_id=" + uuid), 403, "pub_key is required.");
        assertJsonError(server.get("/info/?jsonerrors=1&file_id=" + uuid), 403, "ProjectPublicKeyRequiredError", "pub_key is required.");
        assertPlainError(server.get("/info/?pub_key=pub_nobody_9999&file_id=" + uuid), 403, "pub_key is invalid.");
        assertJsonError(server.get("/info/?jsonerrors=1&pub_key=pub_nobody_9999&file_id=" + uuid), 403,
                "ProjectPublicKeyInvalidError", "pub_key is invalid.");
        String unknown = "0b9e0a4e-6d4c-4c8e-9a39-3d1d9c7c0e11";
        assertPlainError(server.get("/info/?pub_key=" + PUB + "&file_id=" + unknown), 404, "File is not found.");
        assertJsonError(server.get("/info/?jsonerrors=1&pub_key=" + PUB + "&file_id=" + unknown), 404,
                "FileNotFoundError", "File is not found.");
    }

    @Test
    void anotherProjectsFileIsNotFound() {
        assertPlainError(server.get("/info/?pub_key=" + PUB2 + "&file_id=" + uuid), 404, "File is not found.");
    }
}
