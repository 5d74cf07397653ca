package io.satchel.api.upload;

import static io.satchel.api.upload.Wire.assertJsonError;
import static io.satchel.api.upload.Wire.assertPlainError;
import static io.satchel.api.upload.Wire.ok;
import static io.satchel.testing.TestServer.PUB;
import static io.satchel.testing.TestServer.PUB2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Multipart uploads (spec §2.3.2): start, part PUTs in any order, complete, and every rule's error text. */
class MultipartUploadTest {
    static final int PART = 5 * 1024 * 1024;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static HttpResponse<String> start(TestServer server, String pub, long size, String extra) {
        return server.postForm("/multipart/start/", "UPLOADCARE_PUB_KEY=" + pub + "&filename=big%20file.bin&size=" + size
                + "&content_type=application/octet-stream&UPLOADCARE_STORE=1" + extra);
    }

    /** The part URL's path and query, aimed at {@code server} (its port may differ after a restart). */
    static URI on(TestServer server, String partUrl) {
        URI u = URI.create(partUrl);
        return server.uri(u.getRawPath() + "?" + u.getRawQuery());
    }

    static HttpResponse<String> put(TestServer server, String partUrl, byte[] body, int from, int to) {
        return server.send(HttpRequest.newBuilder(on(server, partUrl)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body, from, to - from)).build());
    }

    static HttpResponse<String> complete(TestServer server, String pub, String uuid) {
        return server.postForm("/multipart/complete/", "UPLOADCARE_PUB_KEY=" + pub + "&uuid=" + uuid);
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /**
     * The original from the CDN once its SHA-256 is known: at once where the parts passed through this
     * node (the local store), after PROCESS read it back where they went to an object store.
     */
    static HttpResponse<byte[]> hashed(TestServer server, String uuid) {
        if (TestServer.onObjectStore()) new io.satchel.testing.Uploader(server).awaitReady(PUB, uuid);
        return server.sendForBytes(HttpRequest.newBuilder(server.uri("/" + uuid + "/")).build());
    }

    static List<String> parts(JsonNode started) {
        List<String> urls = new ArrayList<>();
        started.get("parts").forEach(p -> urls.add(p.asText()));
        return urls;
    }

    @Test
    void partsInAnyOrderInParallelAndResentMakeTheFile() throws Exception {
        byte[] file = data(2 * PART + 12345, 1);
        JsonNode started = ok(start(server, PUB, file.length, "&metadata[kind]=backup"));
        String uuid = started.get("uuid").asText();
        List<String> urls = parts(started);
        assertThat(urls).hasSize(3).allSatisfy(u -> assertThat(u).startsWith(server.satchel().publicUrl() + "/multipart/part/" + uuid + "/"));

        // part 2 first with the wrong bytes, then the last, then 1 and 2 again in parallel
        assertThat(put(server, urls.get(1), data(PART, 99), 0, PART).statusCode()).isEqualTo(200);
        assertThat(put(server, urls.get(2), file, 2 * PART, file.length).statusCode()).isEqualTo(200);
        var one = CompletableFuture.supplyAsync(() -> put(server, urls.get(0), file, 0, PART));
        var two = CompletableFuture.supplyAsync(() -> put(server, urls.get(1), file, PART, 2 * PART));
        assertThat(one.get().statusCode()).isEqualTo(200);
        assertThat(two.get().statusCode()).isEqualTo(200);

        JsonNode info = ok(complete(server, PUB, uuid));
        assertThat(info.get("uuid").asText()).isEqualTo(uuid);
        assertThat(info.get("size").asLong()).isEqualTo(file.length);
        assertThat(info.get("original_filename").asText()).isEqualTo("big file.bin");
        assertThat(info.get("filename").asText()).isEqualTo("bigfile.bin");
        assertThat(info.get("is_stored").asBoolean()).isTrue();
        assertThat(info.get("metadata").get("kind").asText()).isEqualTo("backup");

        HttpResponse<byte[]> original = hashed(server, uuid);
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(sha256(original.body())).isEqualTo(sha256(file));
        assertThat(original.headers().firstValue("ETag")).as("the recorded SHA-256, hashed while parts arrived")
                .contains("\"" + sha256(file) + "\"");

        assertPlainError(complete(server, PUB, uuid), 400, "File is already uploaded.");
        assertPlainError(put(server, urls.get(0), file, 0, PART), 400, "File is already uploaded.");
        assertThat(server.holdsPiecesOf(uuid)).as("nothing left in the spool").isFalse();
    }

    @Test
    void startRulesAndTheirTexts() {
        assertPlainError(start(server, PUB, 10 * 1024 * 1024 - 1, ""), 400,
                "File size can not be less than 10485760 bytes. Please use direct upload instead of multipart.");
        assertJsonError(server.postForm("/multipart/start/?jsonerrors=1", "UPLOADCARE_PUB_KEY=" + PUB
                        + "&filename=a&size=10485759&content_type=a/b"), 400, "MultipartFileSizeTooSmallError",
                "File size can not be less than 10485760 bytes. Please use direct upload instead of multipart.");
        assertPlainError(start(server, PUB, 6L << 30, ""), 400, "File size exceeds project limit.");
        assertPlainError(server.postForm("/multipart/start/", "UPLOADCARE_PUB_KEY=" + PUB
                + "&filename=a&size=big&content_type=a/b"), 400, "size should be integer.");
        assertPlainError(start(server, PUB, 20_000_000, "&part_size=five"), 400,
                "Multipart Upload Part Size should be an integer.");
        assertJsonError(server.postForm("/multipart/start/?jsonerrors=1", "UPLOADCARE_PUB_KEY=" + PUB
                + "&filename=a&size=20000000&content_type=a/b&part_size=1000"), 400, "MultipartPartSizeTooSmallError",
                "Multipart Upload Part Size should be at least 5242880 bytes.");
        assertJsonError(server.postForm("/multipart/start/?jsonerrors=1", "UPLOADCARE_PUB_KEY=" + PUB
                + "&filename=a&size=20000000&content_type=a/b&part_size=5368709121"), 400, "MultipartPartSizeTooBigError",
                "Multipart Upload Part Size should be at most 5368709120 bytes.");
        assertPlainError(server.postForm("/multipart/start/", "UPLOADCARE_PUB_KEY=" + PUB + "&size=20000000&content_type=a/b"),
                400, "filename is required.");
        assertPlainError(server.postForm("/multipart/start/", "UPLOADCARE_PUB_KEY=" + PUB + "&filename=a&content_type=a/b"),
                400, "size is required.");
        assertPlainError(server.postForm("/multipart/start/", "filename=a&size=20000000&content_type=a/b"),
                403, "UPLOADCARE_PUB_KEY is required.");
        assertPlainError(server.postForm("/multipart/start/", "UPLOADCARE_PUB_KEY=nope&filename=a&size=20000000&content_type=a/b"),
                403, "UPLOADCARE_PUB_KEY is invalid.");

        JsonNode custom = ok(start(server, PUB, 20_000_000, "&part_size=8000000"));
        assertThat(parts(custom)).hasSize(3);
        JsonNode multipartBody = ok(server.post("/multipart/start/", new io.satchel.testing.Multipart()
                .field("UPLOADCARE_PUB_KEY", PUB).field("filename", "m.bin").field("size", "10485760")
                .field("content_type", "application/octet-stream")));
        assertThat(parts(multipartBody)).as("a form sent as multipart/form-data works too").hasSize(2);
    }

    @Test
    void completionChecksEveryPartAndItsSize() throws Exception {
        byte[] file = data(2 * PART + 100, 2);

        JsonNode missing = ok(start(server, PUB, file.length, ""));
        List<String> urls = parts(missing);
        put(server, urls.get(0), file, 0, PART);
        put(server, urls.get(2), file, 2 * PART, file.length);
        assertPlainError(complete(server, PUB, missing.get("uuid").asText()), 400, "File size mismatch. Not all parts uploaded?");

        JsonNode over = ok(start(server, PUB, file.length, ""));
        urls = parts(over);
        put(server, urls.get(0), file, 0, PART);
        put(server, urls.get(1), file, PART, 2 * PART);
        assertThat(put(server, urls.get(2), data(200, 3), 0, 200).statusCode()).isEqualTo(200);
        assertJsonError(server.postForm("/multipart/complete/?jsonerrors=1", "UPLOADCARE_PUB_KEY=" + PUB + "&uuid="
                + over.get("uuid").asText()), 400, "MultipartUploadSizeTooLargeError", "Uploaded size is more than expected.");

        JsonNode wrong = ok(start(server, PUB, file.length, ""));
        urls = parts(wrong);
        put(server, urls.get(0), file, 0, PART - 1);
        put(server, urls.get(1), file, PART, 2 * PART);
        put(server, urls.get(2), data(101, 4), 0, 101);
        assertJsonError(server.postForm("/multipart/complete/?jsonerrors=1", "UPLOADCARE_PUB_KEY=" + PUB + "&uuid="
                        + wrong.get("uuid").asText()), 400, "MultipartFileCompletionFailedError",
                "Can not complete upload. Wrong parts size?");
        // the upload is still open: the right part fixes it
        put(server, urls.get(0), file, 0, PART);
        put(server, urls.get(2), file, 2 * PART, file.length);
        assertThat(ok(complete(server, PUB, wrong.get("uuid").asText())).get("size").asLong()).isEqualTo(file.length);
        HttpResponse<byte[]> fixed = hashed(server, wrong.get("uuid").asText());
        assertThat(fixed.body()).isEqualTo(file);
        assertThat(fixed.headers().firstValue("ETag")).as("parts sent again replace what the digest had seen")
                .contains("\"" + sha256(file) + "\"");

        JsonNode tooLong = ok(start(server, PUB, file.length, ""));
        byte[] longPart = data(PART + 1, 5);
        assertPlainError(put(server, parts(tooLong).get(0), longPart, 0, longPart.length), 400,
                "Uploaded size is more than expected.");
    }

    @Test
    void completeAndPartErrors() {
        assertPlainError(server.postForm("/multipart/complete/", "UPLOADCARE_PUB_KEY=" + PUB), 400, "uuid is required.");
        assertPlainError(complete(server, PUB, "3b1d2f7e-0c4e-4c1e-9a57-1f0c2d3e4f5a"), 404, "File is not found.");
        assertPlainError(complete(server, PUB, "not-a-uuid"), 404, "File is not found.");

        JsonNode started = ok(start(server, PUB, 10 * 1024 * 1024, ""));
        String uuid = started.get("uuid").asText();
        assertPlainError(complete(server, PUB2, uuid), 404, "File is not found.");
        String url = parts(started).get(0);
        String forged = url.replaceAll("token=[0-9a-f]+", "token=" + "0".repeat(32));
        assertPlainError(put(server, forged, new byte[10], 0, 10), 403, "Part URL is invalid.");
        assertPlainError(put(server, url.replace("/1?", "/3?"), new byte[10], 0, 10), 400,
                "Part number should be between 1 and 2.");
        assertPlainError(put(server, url.replace(uuid, "3b1d2f7e-0c4e-4c1e-9a57-1f0c2d3e4f5a"), new byte[10], 0, 10), 404,
                "File is not found.");
        HttpResponse<String> post = server.send(HttpRequest.newBuilder(on(server, url))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10])).build());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void partsSurviveARestartBetweenThem() throws Exception {
        Path dir = TestServer.tempDir();
        byte[] file = data(2 * PART + 7, 6);
        String uuid;
        List<String> urls;
        try (TestServer first = TestServer.startIn(dir, s -> s)) {
            JsonNode started = ok(start(first, PUB, file.length, ""));
            uuid = started.get("uuid").asText();
            urls = parts(started);
            assertThat(put(first, urls.get(1), file, PART, 2 * PART).statusCode()).isEqualTo(200);
        }
        try (TestServer second = TestServer.startIn(dir, s -> s)) {
            assertThat(put(second, urls.get(0), file, 0, PART).statusCode()).isEqualTo(200);
            assertThat(put(second, urls.get(2), file, 2 * PART, file.length).statusCode()).isEqualTo(200);
            JsonNode info = ok(complete(second, PUB, uuid));
            assertThat(info.get("size").asLong()).isEqualTo(file.length);
            HttpResponse<byte[]> original = hashed(second, uuid);
            assertThat(sha256(original.body())).isEqualTo(sha256(file));
            assertThat(Arrays.equals(original.body(), file)).isTrue();
            assertThat(original.headers().firstValue("ETag")).contains("\"" + sha256(file) + "\"");
        } finally {
            TestServer.deleteTree(dir);
        }
    }
}
