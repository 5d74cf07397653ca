package io.satchel.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /files/{uuid}/metadata/[key/]}: JSON-string values, 201/200/204, validation, tenancy. */
class RestMetadataTest {
    static TestServer server;
    static Uploader uploader;
    static RestClient alpha;
    static RestClient bravo;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        uploader = new Uploader(server);
        alpha = new RestClient(server, TestServer.PUB, TestServer.SECRET);
        bravo = new RestClient(server, TestServer.PUB2, TestServer.SECRET2);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String file() {
        return uploader.upload(TestServer.PUB, "m.txt", "metadata", "1");
    }

    @Test
    void createReadUpdateDelete() {
        String uuid = file();
        String base = "/files/" + uuid + "/metadata/";
        RestClient.Reply empty = alpha.get(base);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).isEqualTo("{}");

        RestClient.Reply created = alpha.put(base + "color/", "\"blue\"");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("\"blue\"");
        assertThat(created.contentType()).isEqualTo(RestClient.V7);
        RestClient.Reply updated = alpha.put(base + "color/", "\"red \\\"dark\\\"\"");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().asText()).isEqualTo("red \"dark\"");

        assertThat(alpha.get(base + "color/").json().asText()).isEqualTo("red \"dark\"");
        assertThat(alpha.put(base + "sub:key.v-1", "\"x\"").status()).as("no trailing slash").isEqualTo(201);
        assertThat(alpha.get(base).json().get("color").asText()).isEqualTo("red \"dark\"");
        assertThat(alpha.get("/files/" + uuid + "/").json().get("metadata").get("sub:key.v-1").asText()).isEqualTo("x");

        RestClient.Reply deleted = alpha.delete(base + "color/");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(deleted.contentType()).as("204 carries no body type").isNull();
        RestClient.Reply gone = alpha.get(base + "color/");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.detail()).isEqualTo("Not found.");
        assertThat(alpha.delete(base + "color/").status()).isEqualTo(404);
    }

    @Test
    void keysAndValuesAreValidated() {
        String base = "/files/" + file() + "/metadata/";
        RestClient.Reply badKey = alpha.put(base + "not%20ok/", "\"v\"");
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.detail()).isNotBlank();
        assertThat(alpha.put(base + "k".repeat(65) + "/", "\"v\"").status()).isEqualTo(400);
        assertThat(alpha.put(base + "long/", "\"" + "v".repeat(513) + "\"").status()).isEqualTo(400);
        assertThat(alpha.put(base + "fits/", "\"" + "v".repeat(512) + "\"").status()).isEqualTo(201);
        assertThat(alpha.put(base + "empty/", "\"\"").status()).isEqualTo(400);
        RestClient.Reply notString = alpha.put(base + "number/", "42");
        assertThat(notString.status()).isEqualTo(400);
        assertThat(notString.detail()).isEqualTo("Metadata value must be a JSON string.");
        assertThat(alpha.get(base).json().has("number")).isFalse();
    }

    @Test
    void aFileHoldsAtMostFiftyKeys() {
        String base = "/files/" + file() + "/metadata/";
        for (int i = 0; i < 50; i++) assertThat(alpha.put(base + "k" + i + "/", "\"v\"").status()).isEqualTo(201);
        RestClient.Reply over = alpha.put(base + "k50/", "\"v\"");
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.detail()).isEqualTo("Metadata keys number is too big. Max number is 50.");
        assertThat(alpha.put(base + "k0/", "\"updated\"").status()).as("updating stays possible").isEqualTo(200);
    }

    @Test
    void anotherProjectCannotTouchMetadata() {
        String uuid = file();
        String key = "/files/" + uuid + "/metadata/owner/";
        assertThat(alpha.put(key, "\"alpha\"").status()).isEqualTo(201);
        assertThat(bravo.get(key).status()).isEqualTo(404);
        assertThat(bravo.put(key, "\"bravo\"").status()).isEqualTo(404);
        assertThat(bravo.delete(key).status()).isEqualTo(404);
        assertThat(alpha.get(key).json().asText()).isEqualTo("alpha");
    }

    @Test
    void aRemovedFilesMetadataIsReadOnly() {
        String uuid = file();
        String key = "/files/" + uuid + "/metadata/k/";
        assertThat(alpha.put(key, "\"v\"").status()).isEqualTo(201);
        assertThat(alpha.delete("/files/" + uuid + "/storage/").status()).isEqualTo(200);
        assertThat(alpha.get(key).json().asText()).isEqualTo("v");
        assertThat(alpha.put(key, "\"w\"").status()).isEqualTo(404);
    }
}
