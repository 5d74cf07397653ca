package io.satchel.api.upload;

import static io.satchel.api.upload.Wire.assertJsonError;
import static io.satchel.api.upload.Wire.assertPlainError;
import static io.satchel.api.upload.Wire.enc;
import static io.satchel.api.upload.Wire.ok;
import static io.satchel.testing.TestServer.PUB;
import static io.satchel.testing.TestServer.PUB2;
import static io.satchel.testing.TestServer.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.config.Settings;
import io.satchel.testing.Multipart;
import io.satchel.testing.Origin;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code POST /from_url/} and {@code GET /from_url/status/} (spec §2.3.3, §2.3.5) against a real origin on
 * 127.0.0.1. This server opens private networks (the setting tests use); {@link FromUrlSsrfTest} runs
 * one in the default mode.
 */
@Timeout(60)
class FromUrlTest {
    private static final byte[] DATA = Origin.data(300_000, 3);
    private static final long BRAVO_CAP = 100_000;
    private static TestServer server;
    private static Origin origin;

    @BeforeAll
    static void start() {
        origin = Origin.start()
                .serve("/files/photo.bin", Origin.bytes(DATA))
                .serve("/download", Origin.bytes(DATA, "Content-Disposition", "attachment; filename=\"Quarterly Report.pdf\""))
                .serve("/png", Origin.bytes(Wire.png(5, 4)))
                .serve("/missing", Origin.status(404))
                .serve("/broken", Origin.status(500))
                .serve("/chunked", Origin.chunked(DATA))
                .serve("/endless", Origin.endless(1L << 30))
                .serve("/trickle", Origin.trickle(1000, 100))
                .serve("/paced", paced(DATA, 6, 250, true))
                .serve("/paced-chunked", paced(DATA, 6, 250, false))
                .serve("/dup-a", Origin.bytes(Origin.data(1000, 10)))
                .serve("/dup-b", Origin.bytes(Origin.data(1000, 11)))
                .serve("/dup-c", Origin.bytes(Origin.data(1000, 12)));
        for (int i = 1; i <= 6; i++) origin.serve("/hop" + i, Origin.redirect(302, origin.url("/hop" + (i - 1))));
        origin.serve("/hop0", Origin.bytes(DATA, "Content-Disposition", "inline; filename=end.bin"));
        server = TestServer.start(s -> s.withFetch(new Settings.Fetch(true, Duration.ofSeconds(3), 5)));
        server.satchel().projects().set("bravo", Map.of("max_upload_bytes", Long.toString(BRAVO_CAP)));
    }

    @AfterAll
    static void stop() {
        server.close();
        origin.close();
    }

    @Test
    void fetchesTheBytesAsServedAndNamesTheFileFromThePath() {
        String token = token(post("pub_key=" + PUB + "&store=1&source_url=" + enc(origin.url("/files/photo.bin"))
                + "&metadata[origin]=test&source=url"));
        JsonNode done = awaitFinished(token);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("success");
        String uuid = done.get("uuid").asText();
        assertThat(uuid).matches(Wire.UUID).isNotEqualTo(token);
        assertThat(done.get("file_id").asText()).isEqualTo(uuid);
        assertThat(done.get("size").asLong()).isEqualTo(DATA.length);
        assertThat(done.get("total").asLong()).isEqualTo(DATA.length);
        assertThat(done.get("done").asLong()).isEqualTo(DATA.length);
        assertThat(done.get("original_filename").asText()).isEqualTo("photo.bin");
        assertThat(done.get("filename").asText()).isEqualTo("photo.bin");
        assertThat(done.get("is_stored").asBoolean()).isTrue();
        assertThat(done.get("metadata").get("origin").asText()).isEqualTo("test");
        HttpResponse<byte[]> original = server.sendForBytes(HttpRequest.newBuilder(server.uri("/" + uuid + "/")).build());
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(Origin.sha256(original.body())).isEqualTo(Origin.sha256(DATA));
        assertThat(Wire.info(server, PUB, uuid).get("uuid").asText()).isEqualTo(uuid);
    }

    @Test
    void namesFromContentDispositionUnlessTheFilenameParameterSaysOtherwise() {
        JsonNode fromHeader = awaitFinished(token(post("pub_key=" + PUB + "&source_url=" + enc(origin.url("/download")))));
        assertThat(fromHeader.get("original_filename").asText()).isEqualTo("Quarterly Report.pdf");
        assertThat(fromHeader.get("filename").asText()).isEqualTo("QuarterlyReport.pdf");
        JsonNode fromParam = awaitFinished(token(post("pub_key=" + PUB + "&filename=" + enc("my pic (1).png")
                + "&source_url=" + enc(origin.url("/download")))));
        assertThat(fromParam.get("original_filename").asText()).isEqualTo("my pic (1).png");
        assertThat(fromParam.get("filename").asText()).isEqualTo("mypic1.png");
    }

    @Test
    void jsStyleQueryStringAndFormAndMultipartBodiesAllWork() {
        String js = "/from_url/?jsonerrors=1&pub_key=" + PUB + "&source_url=" + enc(origin.url("/png")) + "&store=auto";
        JsonNode viaQuery = awaitFinished(token(Wire.post(server, js, null, new byte[0])));
        assertThat(viaQuery.get("mime_type").asText()).isEqualTo("image/png");
        assertThat(viaQuery.get("is_image").asBoolean()).isTrue();
        JsonNode viaMultipart = awaitFinished(token(server.post("/from_url/", new Multipart().field("pub_key", PUB)
                .field("source_url", origin.url("/png")).field("store", "0"))));
        assertThat(viaMultipart.get("is_stored").asBoolean()).isFalse();
        JsonNode ready = new Uploader(server).awaitReady(PUB, viaMultipart.get("uuid").asText());
        assertThat(ready.get("image_info").get("width").asInt()).isEqualTo(5);
    }

    @Test
    void followsRedirectsWithinTheLimitAndNotBeyond() {
        JsonNode five = awaitFinished(token(post("pub_key=" + PUB + "&source_url=" + enc(origin.url("/hop5")))));
        assertThat(five.get("status").asText()).isEqualTo("success");
        assertThat(five.get("original_filename").asText()).isEqualTo("end.bin");
        assertError(post("pub_key=" + PUB + "&source_url=" + enc(origin.url("/hop6"))),
                "URLRedirectsLimitExceededError", "Too many redirects.");
    }

    @Test
    void originErrorsAreTheTasksErrors() {
        assertError(post("pub_key=" + PUB + "&source_url=" + enc(origin.url("/missing"))),
                "DownloadFileHTTPClientError", "HTTP client error: 404.");
        assertError(post("pub_key=" + PUB + "&source_url=" + enc(origin.url("/broken"))),
                "DownloadFileHTTPServerError", "HTTP server error: 500.");
        assertError(post("pub_key=" + PUB + "&source_url=" + enc(origin.url("/trickle"))),
                "DownloadFileTimeLimitExceededError", "Downloading took longer than 3 seconds.");
    }

    @Test
    void theProjectsSizeCapStopsTheDownloadWithOrWithoutALength() {
        assertError(post("pub_key=" + PUB2 + "&source_url=" + enc(origin.url("/files/photo.bin"))),
                "DownloadFileSizeLimitExceededError", "Downloaded file is too big: 300000 > 100000.");
        for (String path : new String[] {"/chunked", "/endless"}) {
            JsonNode error = awaitFinished(token(post("pub_key=" + PUB2 + "&source_url=" + enc(origin.url(path)))));
            assertThat(error.get("status").asText()).as(path).isEqualTo("error");
            assertThat(error.get("error_code").asText()).isEqualTo("DownloadFileSizeLimitExceededError");
            assertThat(error.get("error").asText()).matches("Downloaded file is too big: \\d+ > 100000\\.");
        }
        assertThat(Wire.blobs(server)).noneMatch(p -> p.endsWith(".part"));
    }

    @Test
    void progressIsReportedOnlyWithAKnownTotal() {
        List<JsonNode> withLength = pollAll(token(post("pub_key=" + PUB + "&source_url=" + enc(origin.url("/paced")))));
        assertThat(withLength).last().satisfies(n -> assertThat(n.get("status").asText()).isEqualTo("success"));
        List<JsonNode> progress = withLength.stream().filter(n -> n.get("status").asText().equals("progress")).toList();
        assertThat(progress).as(withLength.toString()).isNotEmpty();
        for (JsonNode p : progress) {
            assertThat(p.get("done").isIntegralNumber()).isTrue();
            assertThat(p.get("total").isIntegralNumber()).isTrue();
            assertThat(p.get("total").asLong()).isEqualTo(DATA.length);
            assertThat(p.get("done").asLong()).isBetween(0L, (long) DATA.length);
        }
        assertThat(progress).extracting(p -> p.get("done").asLong()).isSorted();

        List<JsonNode> withoutLength = pollAll(token(post("pub_key=" + PUB + "&source_url=" + enc(origin.url("/paced-chunked")))));
        assertThat(withoutLength).last().satisfies(n -> assertThat(n.get("status").asText()).isEqualTo("success"));
        assertThat(withoutLength).allSatisfy(n -> assertThat(n.get("status").asText()).isIn("waiting", "success"));
        assertThat(withoutLength).anySatisfy(n -> assertThat(n.get("status").asText()).isEqualTo("waiting"));
    }

    @Test
    void duplicatesAreCheckedAndSavedPerProject() {
        String a = origin.url("/dup-a");
        // check=1 alone also saves (save defaults to check's value)
        String first = awaitFinished(token(post("pub_key=" + PUB + "&check_URL_duplicates=1&source_url=" + enc(a))))
                .get("uuid").asText();
        int hits = origin.hits("/dup-a");
        JsonNode again = ok(post("pub_key=" + PUB + "&check_URL_duplicates=1&source_url=" + enc(a)));
        assertThat(again.get("type").asText()).isEqualTo("file_info");
        assertThat(again.get("uuid").asText()).isEqualTo(first);
        assertThat(again.get("size").asLong()).isEqualTo(1000);
        assertThat(origin.hits("/dup-a")).isEqualTo(hits);
        // without check, or from another project, the URL is fetched again
        assertThat(token(post("pub_key=" + PUB + "&source_url=" + enc(a)))).isNotNull();
        assertThat(ok(post("pub_key=" + PUB2 + "&check_URL_duplicates=1&source_url=" + enc(a))).get("type").asText())
                .isEqualTo("token");
        // check without save remembers nothing; save without check remembers for later checks
        String b = origin.url("/dup-b");
        awaitFinished(token(post("pub_key=" + PUB + "&check_URL_duplicates=1&save_URL_duplicates=0&source_url=" + enc(b))));
        assertThat(ok(post("pub_key=" + PUB + "&check_URL_duplicates=1&source_url=" + enc(b))).get("type").asText())
                .isEqualTo("token");
        String c = origin.url("/dup-c");
        String saved = awaitFinished(token(post("pub_key=" + PUB + "&save_URL_duplicates=1&source_url=" + enc(c))))
                .get("uuid").asText();
        assertThat(ok(post("pub_key=" + PUB + "&check_URL_duplicates=1&source_url=" + enc(c))).get("uuid").asText())
                .isEqualTo(saved);
        // a removed file is no duplicate
        HttpResponse<String> removed = server.send(HttpRequest.newBuilder(server.uri("/files/" + saved + "/storage/"))
                .header("Authorization", "Uploadcare.Simple " + PUB + ":" + SECRET)
                .header("Accept", "application/vnd.uploadcare-v0.7+json").DELETE().build());
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(ok(post("pub_key=" + PUB + "&check_URL_duplicates=1&source_url=" + enc(c))).get("type").asText())
                .isEqualTo("token");
    }

    @Test
    void statusOfUnknownAndMissingTokens() {
        assertThat(ok(server.get("/from_url/status/?token=" + UUID.randomUUID())).get("status").asText()).isEqualTo("unknown");
        assertThat(ok(server.get("/from_url/status/?token=not-a-token")).get("status").asText()).isEqualTo("unknown");
        assertPlainError(server.get("/from_url/status/"), 400, "token is required.");
        assertJsonError(server.get("/from_url/status/?jsonerrors=1&token="), 400, "TokenRequiredError", "token is required.");
        assertThat(ok(server.postForm("/from_url/status/", "token=" + UUID.randomUUID())).get("status").asText())
                .isEqualTo("unknown");
    }

    @Test
    void requestErrorsAnswerAtOnce() {
        assertPlainError(post("pub_key=" + PUB), 400, "source_url is required.");
        assertJsonError(Wire.post(server, "/from_url/?jsonerrors=1&pub_key=" + PUB, null, new byte[0]), 400,
                "SourceURLRequiredError", "source_url is required.");
        assertPlainError(post("pub_key=" + PUB + "&source_url=" + enc("ftp://example.com/a")), 400, "Invalid URL scheme.");
        assertPlainError(post("pub_key=" + PUB + "&source_url=" + enc("example.com/a")), 400, "No URL scheme supplied.");
        assertJsonError(post("jsonerrors=1&pub_key=" + PUB + "&source_url=" + enc("http:///a")), 400,
                "URLHostRequiredError", "No URL host supplied.");
        assertPlainError(post("pub_key=" + PUB + "&source_url=" + enc("http://exa_mple.com/")), 400, "URL host is malformed.");
        assertPlainError(post("source_url=" + enc(origin.url("/png"))), 403, "pub_key is required.");
        assertPlainError(post("pub_key=nope&source_url=" + enc(origin.url("/png"))), 403, "pub_key is invalid.");
        assertPlainError(post("pub_key=" + PUB + "&store=maybe&source_url=" + enc(origin.url("/png"))), 400,
                "store should be 0, 1 or auto.");
        HttpResponse<String> get = server.get("/from_url/?pub_key=" + PUB + "&source_url=" + enc(origin.url("/png")));
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void slowFetchesDoNotHoldUpOtherUploads() {
        // more stalled fetches than the node has job threads (2): they wait out the 3 s time limit
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) slow.add(token(post("pub_key=" + PUB + "&source_url=" + enc(origin.url("/trickle")))));
        Uploader.sleep(300);
        String uuid = ok(server.post("/base/", new io.satchel.testing.Multipart().field("UPLOADCARE_PUB_KEY", PUB)
                .file("file", "a.png", "image/png", Wire.png(3, 3)))).get("file").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Wire.info(server, PUB, uuid).get("is_ready").asBoolean() && System.nanoTime() < deadline) Uploader.sleep(25);
        assertThat(Wire.info(server, PUB, uuid).get("is_ready").asBoolean()).isTrue();
        assertThat(slow).as("the file was processed while the fetches still ran")
                .allSatisfy(t -> assertThat(status(t).get("status").asText()).isIn("waiting", "progress"));
        for (String t : slow) assertThat(awaitFinished(t).get("error_code").asText()).isEqualTo("DownloadFileTimeLimitExceededError");
    }

    // --- helpers

    private static HttpResponse<String> post(String form) {
        return server.postForm("/from_url/", form);
    }

    private static String token(HttpResponse<String> r) {
        JsonNode body = ok(r);
        assertThat(body.get("type").asText()).as(r.body()).isEqualTo("token");
        String token = body.get("token").asText();
        assertThat(token).matches(Wire.UUID);
        return token;
    }

    private static void assertError(HttpResponse<String> accepted, String code, String message) {
        JsonNode error = awaitFinished(token(accepted));
        assertThat(error.get("status").asText()).as(error.toString()).isEqualTo("error");
        assertThat(error.get("error_code").asText()).isEqualTo(code);
        assertThat(error.get("error").asText()).isEqualTo(message);
    }

    private static JsonNode status(String token) {
        return ok(server.get("/from_url/status/?jsonerrors=1&token=" + token));
    }

    /** Polls until success or error, at most 20 seconds. */
    static JsonNode awaitFinished(String token) {
        List<JsonNode> all = pollAll(token);
        return all.get(all.size() - 1);
    }

    /** Every status seen, every 25 ms, until success or error. */
    private static List<JsonNode> pollAll(String token) {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = status(token);
            seen.add(s);
            String state = s.get("status").asText();
            assertThat(state).isIn("waiting", "progress", "success", "error");
            if (state.equals("success") || state.equals("error")) return seen;
            Uploader.sleep(25);
        }
        throw new AssertionError("task " + token + " not finished after 20 s: " + seen.get(seen.size() - 1));
    }

    /** {@code data} in {@code parts} pieces, {@code pauseMillis} apart, with or without a Content-Length. */
    private static com.sun.net.httpserver.HttpHandler paced(byte[] data, int parts, long pauseMillis, boolean withLength) {
        return exchange -> {
            exchange.sendResponseHeaders(200, withLength ? data.length : 0);
            int step = (data.length + parts - 1) / parts;
            for (int off = 0; off < data.length; off += step) {
                exchange.getResponseBody().write(data, off, Math.min(step, data.length - off));
                exchange.getResponseBody().flush();
                Uploader.sleep(pauseMillis);
            }
        };
    }
}
