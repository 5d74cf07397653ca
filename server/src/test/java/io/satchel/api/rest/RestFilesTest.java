package io.satchel.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One file, storing and removing one or many, the v0.6 routes, tenancy, 404 and 405. */
class RestFilesTest {
    static final String MISSING_UUID = "00000000-1111-2222-3333-444444444444";
    static final String DATETIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";
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

    private static String upload(String publicKey, String store) {
        return uploader.upload(publicKey, "note.txt", "hello satchel", store);
    }

    @Test
    void fileObjectHasTheV07Shape() {
        String uuid = upload(TestServer.PUB, "1");
        uploader.awaitReady(TestServer.PUB, uuid);
        RestClient.Reply r = alpha.get("/files/" + uuid + "/");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo(RestClient.V7);
        JsonNode f = r.json();
        List<String> keys = new ArrayList<>();
        f.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("datetime_removed", "datetime_stored", "datetime_uploaded", "is_image",
                "is_ready", "mime_type", "original_file_url", "original_filename", "size", "url", "uuid", "variations",
                "content_info", "metadata");
        assertThat(f.get("uuid").asText()).isEqualTo(uuid);
        assertThat(f.get("url").asText()).endsWith("/files/" + uuid + "/");
        assertThat(f.get("original_file_url").asText()).endsWith("/" + uuid + "/note.txt");
        assertThat(f.get("original_filename").asText()).isEqualTo("note.txt");
        assertThat(f.get("size").asLong()).isEqualTo(13);
        assertThat(f.get("is_ready").asBoolean()).isTrue();
        assertThat(f.get("datetime_uploaded").asText()).matches(DATETIME);
        assertThat(f.get("datetime_stored").asText()).matches(DATETIME);
        assertThat(f.get("datetime_removed").isNull()).isTrue();
        assertThat(f.get("metadata").isObject()).isTrue();

        assertThat(alpha.get("/files/" + uuid).status()).as("no trailing slash").isEqualTo(200);
        assertThat(alpha.get("/files/" + uuid.toUpperCase() + "/").json().get("uuid").asText()).isEqualTo(uuid);
        JsonNode withAppdata = alpha.get("/files/" + uuid + "/?include=appdata").json();
        assertThat(withAppdata.get("appdata").isObject()).isTrue();
    }

    @Test
    void legacyV06ReadKeepsTheOldFields() {
        String uuid = upload(TestServer.PUB, "1");
        RestClient.Reply r = alpha.signed("GET", "/files/" + uuid + "/?add_fields=rekognition_info", "", RestClient.V6);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo(RestClient.V6);
        assertThat(r.json().has("image_info")).isTrue();
        assertThat(r.json().has("rekognition_info")).isTrue();
        assertThat(r.json().has("source")).isTrue();
        assertThat(alpha.get("/files/" + uuid + "/").json().has("image_info")).isFalse();
    }

    @Test
    void storeThenRemoveOneFile() {
        String uuid = upload(TestServer.PUB, "0");
        assertThat(alpha.get("/files/" + uuid + "/").json().get("datetime_stored").isNull()).isTrue();

        RestClient.Reply stored = alpha.put("/files/" + uuid + "/storage/", "");
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.json().get("datetime_stored").asText()).matches(DATETIME);

        RestClient.Reply removed = alpha.delete("/files/" + uuid + "/storage/");
        assertThat(removed.status()).isEqualTo(200);
        JsonNode f = removed.json();
        assertThat(f.get("datetime_removed").asText()).matches(DATETIME);
        assertThat(f.get("datetime_stored").isNull()).isTrue();
        assertThat(f.get("original_file_url").isNull()).isTrue();

        assertThat(alpha.get("/files/" + uuid + "/").json().get("datetime_removed").isNull()).isFalse();
        assertThat(alpha.delete("/files/" + uuid + "/storage/").status()).as("a repeated delete").isEqualTo(200);
        RestClient.Reply storeRemoved = alpha.put("/files/" + uuid + "/storage/", "");
        assertThat(storeRemoved.status()).isEqualTo(404);
        assertThat(storeRemoved.detail()).isEqualTo("Not found.");
    }

    @Test
    void legacyDeleteRemovesTheFile() {
        String uuid = upload(TestServer.PUB, "1");
        RestClient.Reply r = alpha.signed("DELETE", "/files/" + uuid + "/", "", RestClient.V6);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("datetime_removed").isNull()).isFalse();
    }

    @Test
    void batchStoreReportsProblemsPerUuid() {
        String a = upload(TestServer.PUB, "0");
        String b = upload(TestServer.PUB, "0");
        String foreign = upload(TestServer.PUB2, "0");
        String body = "[\"" + a + "\",\"" + b.toUpperCase() + "\",\"" + foreign + "\",\"" + MISSING_UUID + "\",\"nope\",\"" + a + "\"]";
        RestClient.Reply r = alpha.put("/files/storage/", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("status").asText()).isEqualTo("ok");
        assertThat(j.get("problems").size()).isEqualTo(3);
        assertThat(j.get("problems").get(foreign).asText()).isEqualTo("Missing in the project");
        assertThat(j.get("problems").get(MISSING_UUID).asText()).isEqualTo("Missing in the project");
        assertThat(j.get("problems").get("nope").asText()).isEqualTo("Invalid");
        assertThat(j.get("result").findValuesAsText("uuid")).containsExactly(a, b);
        assertThat(j.get("result").get(0).get("datetime_stored").isNull()).isFalse();
        assertThat(bravo.get("/files/" + foreign + "/").json().get("datetime_stored").isNull())
                .as("the other project's file is untouched").isTrue();
    }

    @Test
    void batchDeleteRemovesAndReportsProblems() {
        String a = upload(TestServer.PUB, "1");
        String foreign = upload(TestServer.PUB2, "1");
        RestClient.Reply r = alpha.send("DELETE", "/files/storage/", "[\"" + a + "\",\"" + foreign + "\"]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("problems").get(foreign).asText()).isEqualTo("Missing in the project");
        assertThat(r.json().get("result").get(0).get("datetime_removed").isNull()).isFalse();
        assertThat(bravo.get("/files/" + foreign + "/").json().get("datetime_removed").isNull()).isTrue();
    }

    @Test
    void batchBodiesAreChecked() {
        assertThat(alpha.put("/files/storage/", "{\"uuids\":[]}").detail()).isEqualTo("Expected list of UUIDs");
        assertThat(alpha.put("/files/storage/", "not json").detail()).isEqualTo("Expected list of UUIDs");
        assertThat(alpha.put("/files/storage/", "").detail()).isEqualTo("Expected list of UUIDs");
        assertThat(alpha.put("/files/storage/", "[1, 2]").detail()).isEqualTo("Expected list of UUIDs");
        RestClient.Reply empty = alpha.put("/files/storage/", "[]");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.detail()).isEqualTo("List of UUIDs can not be empty");
        String many = "[" + String.join(",", IntStream.range(0, 101).mapToObj(i -> "\"" + MISSING_UUID + "\"").toList()) + "]";
        RestClient.Reply tooMany = alpha.put("/files/storage/", many);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.detail()).isEqualTo("Maximum UUIDs per request is exceeded. The limit is 100");
    }

    @Test
    void anotherProjectsFileIsNotFound() {
        String uuid = upload(TestServer.PUB, "0");
        for (RestClient.Reply r : List.of(bravo.get("/files/" + uuid + "/"), bravo.put("/files/" + uuid + "/storage/", ""),
                bravo.delete("/files/" + uuid + "/storage/"), bravo.delete("/files/" + uuid + "/"),
                bravo.get("/files/" + uuid + "/metadata/"))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.detail()).isEqualTo("Not found.");
        }
        JsonNode still = alpha.get("/files/" + uuid + "/").json();
        assertThat(still.get("datetime_stored").isNull()).isTrue();
        assertThat(still.get("datetime_removed").isNull()).isTrue();
    }

    @Test
    void missingFilesAndUnknownPathsAre404() {
        for (String path : List.of("/files/" + MISSING_UUID + "/", "/files/not-a-uuid/", "/files/local_copy/",
                "/files/remote_copy/", "/files/" + MISSING_UUID + "/tags/", "/webhooks/", "/webhooks/unsubscribe/",
                "/addons/remove_bg/execute/", "/convert/document/", "/groups/not-a-group/", "/project/extra/")) {
            RestClient.Reply r = alpha.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.detail()).as(path).isEqualTo("Not found.");
            assertThat(r.contentType()).as(path).isEqualTo(RestClient.V7);
        }
        RestClient.Reply anonymous = alpha.http("GET", "/webhooks/", "", Map.of());
        assertThat(anonymous.status()).isEqualTo(404);
    }

    @Test
    void wrongMethodsAre405() {
        String uuid = upload(TestServer.PUB, "0");
        RestClient.Reply post = alpha.send("POST", "/files/" + uuid + "/storage/", "");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.detail()).isEqualTo("Method \"POST\" not allowed.");
        assertThat(post.header("allow")).isEqualTo("DELETE, PUT");
        RestClient.Reply patch = alpha.send("PATCH", "/files/", "");
        assertThat(patch.status()).isEqualTo(405);
        assertThat(patch.detail()).isEqualTo("Method \"PATCH\" not allowed.");
        assertThat(alpha.send("POST", "/project/", "").status()).isEqualTo(405);
        assertThat(alpha.http("POST", "/project/", "", Map.of("Accept", RestClient.V7)).status())
                .as("authentication comes before the method check").isEqualTo(401);
    }
}
