package io.satchel.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /groups/…} and {@code /project/}: read, list, delete, the v0.6 store route, tenancy. */
class RestGroupsTest {
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

    /** Creates a group through the Upload API, as the widget does. */
    private static String group(String publicKey, String... entries) {
        StringBuilder form = new StringBuilder("pub_key=" + publicKey);
        for (int i = 0; i < entries.length; i++) form.append("&files[").append(i).append("]=").append(entries[i]);
        var r = server.postForm("/group/", form.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Uploader.json(r.body()).get("id").asText();
    }

    private static String file(String publicKey, String store) {
        return uploader.upload(publicKey, "g.txt", "group member", store);
    }

    @Test
    void groupInfoHasV07FilesWithDefaultEffects() {
        String a = file(TestServer.PUB, "1");
        String b = file(TestServer.PUB, "1");
        String id = group(TestServer.PUB, a, b + "/-/resize/100x/");
        RestClient.Reply r = alpha.get("/groups/" + id + "/");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo(RestClient.V7);
        JsonNode g = r.json();
        assertThat(g.get("id").asText()).isEqualTo(id);
        assertThat(g.get("files_count").asInt()).isEqualTo(2);
        assertThat(g.get("url").asText()).endsWith("/groups/" + id + "/");
        assertThat(g.get("cdn_url").asText()).endsWith("/" + id + "/");
        assertThat(g.get("datetime_created").asText()).matches(RestFilesTest.DATETIME);
        assertThat(g.get("files").get(0).get("uuid").asText()).isEqualTo(a);
        assertThat(g.get("files").get(0).get("default_effects").asText()).isEmpty();
        assertThat(g.get("files").get(1).get("default_effects").asText()).isEqualTo("resize/100x/");
        assertThat(g.get("files").get(1).has("url")).isTrue();
        assertThat(g.get("files").get(1).has("image_info")).as("v0.7 file objects").isFalse();

        assertThat(alpha.delete("/files/" + a + "/storage/").status()).isEqualTo(200);
        assertThat(alpha.get("/groups/" + id).json().get("files").get(0).isNull()).as("a removed member").isTrue();
    }

    @Test
    void deletingAGroupKeepsItsFiles() {
        String a = file(TestServer.PUB, "1");
        String id = group(TestServer.PUB, a);
        RestClient.Reply deleted = alpha.delete("/groups/" + id + "/");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(deleted.contentType()).as("204 carries no body type").isNull();
        RestClient.Reply gone = alpha.get("/groups/" + id + "/");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.detail()).isEqualTo("Not found.");
        assertThat(alpha.delete("/groups/" + id + "/").status()).isEqualTo(404);
        assertThat(alpha.get("/files/" + a + "/").json().get("datetime_removed").isNull()).isTrue();
    }

    @Test
    void legacyGroupStoreStoresEveryMember() {
        String a = file(TestServer.PUB, "0");
        String b = file(TestServer.PUB, "0");
        String id = group(TestServer.PUB, a, b);
        RestClient.Reply r = alpha.signed("PUT", "/groups/" + id + "/storage/", "", RestClient.V6);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("datetime_stored").asText()).matches(RestFilesTest.DATETIME);
        for (String uuid : List.of(a, b)) {
            assertThat(alpha.get("/files/" + uuid + "/").json().get("datetime_stored").isNull()).isFalse();
        }
        assertThat(alpha.get("/groups/" + id + "/storage/").status()).isEqualTo(405);
    }

    @Test
    void listWalksShortGroupsInBothOrders() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) mine.add(group(TestServer.PUB2, file(TestServer.PUB2, "1")));
        List<String> seen = new ArrayList<>();
        String next = "/groups/?limit=2";
        while (next != null) {
            JsonNode page = bravo.get(next).json();
            assertThat(page.get("total").asLong()).isEqualTo(3);
            assertThat(page.get("per_page").asInt()).isEqualTo(2);
            page.get("results").forEach(g -> seen.add(g.get("id").asText()));
            JsonNode first = page.get("results").get(0);
            assertThat(first.has("files")).as("short groups").isFalse();
            assertThat(first.get("files_count").asInt()).isEqualTo(1);
            next = page.get("next").isNull() ? null
                    : "/groups/?" + RestPaginationTest.jsForwarded(page.get("next").asText());
        }
        assertThat(seen).containsExactlyElementsOf(mine);
        JsonNode newest = bravo.get("/groups/?ordering=-datetime_created").json();
        assertThat(newest.get("results").get(0).get("id").asText()).isEqualTo(mine.getLast());
        assertThat(bravo.get("/groups/?ordering=datetime_uploaded").status()).isEqualTo(400);
    }

    @Test
    void anotherProjectsGroupIsNotFound() {
        String id = group(TestServer.PUB, file(TestServer.PUB, "0"));
        assertThat(bravo.get("/groups/" + id + "/").status()).isEqualTo(404);
        assertThat(bravo.delete("/groups/" + id + "/").status()).isEqualTo(404);
        assertThat(bravo.put("/groups/" + id + "/storage/", "").status()).isEqualTo(404);
        List<String> listed = new ArrayList<>();
        bravo.get("/groups/?limit=1000").json().get("results").forEach(g -> listed.add(g.get("id").asText()));
        assertThat(listed).doesNotContain(id);
        assertThat(alpha.get("/groups/" + id + "/").status()).isEqualTo(200);
    }

    @Test
    void projectDescribesTheKeysOwner() {
        JsonNode a = alpha.get("/project/").json();
        assertThat(a.get("name").asText()).isEqualTo("alpha");
        assertThat(a.get("pub_key").asText()).isEqualTo(TestServer.PUB);
        assertThat(a.get("collaborators").isArray()).isTrue();
        assertThat(a.get("autostore_enabled").isBoolean()).isTrue();
        assertThat(bravo.get("/project").json().get("name").asText()).isEqualTo("bravo");
    }
}
