package io.satchel.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /files/}: walking every page as JS-RC does (it forwards only from, removed, stored, limit and
 * ordering from {@code next}) and as PY/JAVA do (GET the link as is), filters, totals, bad parameters.
 */
class RestPaginationTest {
    /** What JS-RC's paginator keeps from a {@code next} link. */
    static final Set<String> JS_FORWARDS = Set.of("from", "removed", "stored", "limit", "ordering");
    static TestServer server;
    static RestClient alpha;
    static RestClient bravo;
    /** Project alpha's uploads in order; [3] is removed; even ones are stored. */
    static final List<String> uploads = new ArrayList<>();
    static List<String> live;
    static List<String> stored;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alpha = new RestClient(server, TestServer.PUB, TestServer.SECRET);
        bravo = new RestClient(server, TestServer.PUB2, TestServer.SECRET2);
        Uploader uploader = new Uploader(server);
        for (int i = 0; i < 7; i++) uploads.add(uploader.upload(TestServer.PUB, "f" + i + ".txt", "file " + i, i % 2 == 0 ? "1" : "0"));
        uploader.upload(TestServer.PUB2, "other.txt", "not alpha's", "1");
        uploader.upload(TestServer.PUB2, "other2.txt", "not alpha's", "0");
        assertThat(alpha.delete("/files/" + uploads.get(3) + "/storage/").status()).isEqualTo(200);
        live = List.of(uploads.get(0), uploads.get(1), uploads.get(2), uploads.get(4), uploads.get(5), uploads.get(6));
        stored = List.of(uploads.get(0), uploads.get(2), uploads.get(4), uploads.get(6));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Follows {@code next} JS-style from {@code firstQuery}; returns every page's body. */
    static List<JsonNode> walkJs(String firstQuery) {
        List<JsonNode> pages = new ArrayList<>();
        String pathAndQuery = "/files/" + firstQuery;
        while (pathAndQuery != null && pages.size() < 20) {
            RestClient.Reply r = alpha.get(pathAndQuery);
            assertThat(r.status()).as(pathAndQuery + " " + r.body()).isEqualTo(200);
            JsonNode page = r.json();
            pages.add(page);
            pathAndQuery = page.get("next").isNull() ? null : "/files/?" + jsForwarded(page.get("next").asText());
        }
        return pages;
    }

    static String jsForwarded(String link) {
        List<String> kept = new ArrayList<>();
        for (var e : query(link).entrySet()) {
            if (JS_FORWARDS.contains(e.getKey())) {
                kept.add(e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            }
        }
        return String.join("&", kept);
    }

    static Map<String, String> query(String link) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : URI.create(link).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    static List<String> uuids(List<JsonNode> pages) {
        List<String> out = new ArrayList<>();
        pages.forEach(p -> p.get("results").forEach(f -> out.add(f.get("uuid").asText())));
        return out;
    }

    @Test
    void jsClientWalksEveryFileOnceOldestFirst() {
        List<JsonNode> pages = walkJs("?limit=2");
        assertThat(pages).hasSize(3);
        assertThat(uuids(pages)).containsExactlyElementsOf(live);
        assertThat(pages.get(0).get("previous").isNull()).isTrue();
        assertThat(pages.get(1).get("previous").isNull()).isFalse();
        assertThat(pages.get(2).get("next").isNull()).isTrue();
        for (JsonNode p : pages) {
            assertThat(p.get("total").asLong()).isEqualTo(6);
            assertThat(p.get("per_page").asInt()).isEqualTo(2);
            assertThat(p.get("totals").get("removed").asLong()).isEqualTo(1);
            assertThat(p.get("totals").get("stored").asLong()).isEqualTo(4);
            assertThat(p.get("totals").get("unstored").asLong()).isEqualTo(2);
        }
        String next = pages.get(0).get("next").asText();
        assertThat(next).startsWith(server.satchel().publicUrl() + "/files/?");
        assertThat(query(next)).containsEntry("limit", "2").containsEntry("ordering", "datetime_uploaded")
                .containsEntry("removed", "false").containsKey("from");
    }

    @Test
    void jsClientWalksNewestFirst() {
        List<JsonNode> pages = walkJs("?limit=4&ordering=-datetime_uploaded");
        assertThat(pages).hasSize(2);
        assertThat(uuids(pages)).containsExactlyElementsOf(live.reversed());
        assertThat(query(pages.get(0).get("next").asText())).containsEntry("ordering", "-datetime_uploaded");
    }

    @Test
    void aLastPageThatIsExactlyFullHasNoNext() {
        List<JsonNode> pages = walkJs("?limit=3");
        assertThat(pages).hasSize(2);
        assertThat(uuids(pages)).containsExactlyElementsOf(live);
    }

    @Test
    void filtersTravelWithTheLinks() {
        List<JsonNode> storedPages = walkJs("?stored=true&limit=3");
        assertThat(uuids(storedPages)).containsExactlyElementsOf(stored);
        assertThat(query(storedPages.get(0).get("next").asText())).containsEntry("stored", "true");
        assertThat(storedPages.get(0).get("total").asLong()).isEqualTo(4);

        assertThat(uuids(walkJs("?stored=false&limit=1"))).containsExactly(uploads.get(1), uploads.get(5));
        List<JsonNode> removed = walkJs("?removed=true");
        assertThat(uuids(removed)).containsExactly(uploads.get(3));
        assertThat(removed.get(0).get("total").asLong()).isEqualTo(1);
        assertThat(removed.get(0).get("results").get(0).get("datetime_removed").isNull()).isFalse();
    }

    @Test
    void previousLinksWalkBackAsPythonDoes() {
        List<JsonNode> forward = walkJs("?limit=2&ordering=-datetime_uploaded");
        List<String> back = new ArrayList<>();
        JsonNode page = forward.getLast();
        int guard = 0;
        while (!page.get("previous").isNull() && guard++ < 10) {
            URI link = URI.create(page.get("previous").asText());
            assertThat(query(link.toString())).containsKey("to");
            page = alpha.get(link.getRawPath() + "?" + link.getRawQuery()).json();
            List<String> ids = new ArrayList<>();
            page.get("results").forEach(f -> ids.add(f.get("uuid").asText()));
            back.addAll(0, ids);
        }
        back.addAll(uuids(List.of(forward.getLast())));
        assertThat(back).containsExactlyElementsOf(live.reversed());
        assertThat(page.get("next").isNull()).as("a page reached backwards still links forward").isFalse();
    }

    @Test
    void fromAcceptsTheRealApisCursorShape() {
        String t = alpha.get("/files/" + uploads.get(1) + "/").json().get("datetime_uploaded").asText();
        String offset = t.replace("Z", "+00:00");
        for (String from : List.of(URLEncoder.encode(offset, StandardCharsets.UTF_8), offset, t)) {
            RestClient.Reply r = alpha.get("/files/?limit=1&from=" + from);
            assertThat(r.status()).as(from + " " + r.body()).isEqualTo(200);
            assertThat(r.json().get("results").get(0).get("uuid").asText()).isEqualTo(uploads.get(2));
        }
    }

    @Test
    void includeAppdataIsHonouredAndCarried() {
        JsonNode page = alpha.get("/files/?limit=1&include=appdata").json();
        assertThat(page.get("results").get(0).get("appdata").isObject()).isTrue();
        assertThat(query(page.get("next").asText())).containsEntry("include", "appdata");
        assertThat(alpha.get("/files/?limit=1").json().get("results").get(0).has("appdata")).isFalse();
    }

    @Test
    void badParametersAre400() {
        for (String q : List.of("limit=0", "limit=1001", "limit=ten", "ordering=size", "from=yesterday",
                "from=2023-13-45T00:00:00Z", "to=x", "stored=maybe", "removed=2")) {
            RestClient.Reply r = alpha.get("/files/?" + q);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.detail()).as(q).isNotBlank();
        }
        assertThat(alpha.get("/files/?limit=1000").json().get("per_page").asInt()).isEqualTo(1000);
    }

    @Test
    void eachProjectListsOnlyItsOwnFiles() {
        JsonNode page = bravo.get("/files/").json();
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(uuids(List.of(page))).doesNotContainAnyElementsOf(uploads);
        assertThat(page.get("totals").get("stored").asLong()).isEqualTo(1);
        assertThat(page.get("totals").get("unstored").asLong()).isEqualTo(1);
        assertThat(page.get("totals").get("removed").asLong()).isZero();
    }
}
