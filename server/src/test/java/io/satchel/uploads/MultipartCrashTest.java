package io.satchel.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.ChildServer;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server killed (SIGKILL) in the middle of a multipart upload: after restart the upload resumes and completes. */
class MultipartCrashTest {
    private static final String PUB = "pub_crash_0002";
    private static final Map<String, String> ENV = Map.of("SATCHEL_BOOTSTRAP_PROJECT", "crash:" + PUB + ":secret_crash_0002");
    private static final int PART = 5 * 1024 * 1024;
    private final Path dir = TestServer.tempDir();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void clean() {
        TestServer.deleteTree(dir);
    }

    @Test
    void aKillMidPartLosesOnlyThatPart() throws Exception {
        byte[] file = new byte[3 * PART - 1000];
        new Random(42).nextBytes(file);
        String uuid;
        List<String> parts = new ArrayList<>();
        try (ChildServer server = ChildServer.start(dir, List.of("-Xmx256m"), ENV)) {
            JsonNode started = json(send(server, HttpRequest.newBuilder(URI.create(server.base() + "/multipart/start/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("UPLOADCARE_PUB_KEY=" + PUB + "&filename=crash.bin&size="
                            + file.length + "&content_type=application/octet-stream"))));
            uuid = started.get("uuid").asText();
            started.get("parts").forEach(p -> parts.add(p.asText()));
            assertThat(send(server, put(server, parts.get(0), file, 0, PART)).statusCode()).isEqualTo(200);
            // part 2 trickles in; the process dies while it is in flight
            CompletableFuture<HttpResponse<String>> cut = client.sendAsync(slowPut(server, parts.get(1), file, PART, 2 * PART),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(600);
            server.kill();
            cut.handle((r, e) -> null).get(30, TimeUnit.SECONDS);
        }
        try (ChildServer server = ChildServer.start(dir, List.of("-Xmx256m"), ENV)) {
            HttpResponse<String> early = send(server, HttpRequest.newBuilder(URI.create(server.base() + "/multipart/complete/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("UPLOADCARE_PUB_KEY=" + PUB + "&uuid=" + uuid)));
            assertThat(early.body()).as("the cut part was never acknowledged, so it is missing")
                    .isEqualTo("File size mismatch. Not all parts uploaded?");
            assertThat(send(server, put(server, parts.get(1), file, PART, 2 * PART)).statusCode()).isEqualTo(200);
            assertThat(send(server, put(server, parts.get(2), file, 2 * PART, file.length)).statusCode()).isEqualTo(200);
            JsonNode info = json(send(server, HttpRequest.newBuilder(URI.create(server.base() + "/multipart/complete/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("UPLOADCARE_PUB_KEY=" + PUB + "&uuid=" + uuid))));
            assertThat(info.get("size").asLong()).isEqualTo(file.length);
            HttpResponse<byte[]> original = client.send(HttpRequest.newBuilder(URI.create(server.base() + "/" + uuid + "/")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(sha256(original.body())).isEqualTo(sha256(file));
        }
    }

    private HttpResponse<String> send(ChildServer server, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Uploader.json(r.body());
    }

    private static URI on(ChildServer server, String partUrl) {
        URI u = URI.create(partUrl);
        return URI.create(server.base() + u.getRawPath() + "?" + u.getRawQuery());
    }

    private static HttpRequest.Builder put(ChildServer server, String partUrl, byte[] file, int from, int to) {
        return HttpRequest.newBuilder(on(server, partUrl)).PUT(HttpRequest.BodyPublishers.ofByteArray(file, from, to - from));
    }

    /** A part PUT whose body arrives in 20 slices over ~20 s, far longer than the test waits before the kill. */
    private static HttpRequest slowPut(ChildServer server, String partUrl, byte[] file, int from, int to) {
        InputStream slow = new InputStream() {
            final ByteArrayInputStream bytes = new ByteArrayInputStream(file, from, to - from);
            int sent;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int slice = (to - from) / 20;
                if (sent % slice == 0) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return -1;
                    }
                }
                int n = bytes.read(b, off, Math.min(len, slice - sent % slice));
                if (n > 0) sent += n;
                return n;
            }
        };
        return HttpRequest.newBuilder(on(server, partUrl)).timeout(Duration.ofMinutes(2))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> slow), to - from))
                .build();
    }

    private static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
