package io.satchel.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.ChildServer;
import io.satchel.testing.Multipart;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a crash (SIGKILL) or a stop (SIGTERM) does to uploads. */
class CrashAndDrainTest {
    private static final String PUB = "pub_crash_0001";
    private static final Map<String, String> ENV = Map.of("SATCHEL_BOOTSTRAP_PROJECT", "crash:" + PUB + ":secret_crash_0001",
            "SATCHEL_SHUTDOWN_GRACE", "20s");
    private final Path dir = TestServer.tempDir();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void clean() {
        TestServer.deleteTree(dir);
    }

    @Test
    void aKillLosesNoConfirmedFileAndLeavesNoHalfUpload() throws Exception {
        String confirmed;
        try (ChildServer server = ChildServer.start(dir, List.of("-Xmx256m"), ENV)) {
            confirmed = upload(server, "kept.txt", "confirmed before the crash");
            // An upload cut off by the crash: headers and half a body, then the process dies.
            CompletableFuture<HttpResponse<String>> cut = client.sendAsync(slowUpload(server, 4 << 20, 60_000),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(700);
            server.kill();
            cut.handle((r, e) -> null).get(30, TimeUnit.SECONDS);
        }
        try (ChildServer server = ChildServer.start(dir, List.of("-Xmx256m"), ENV)) {
            HttpResponse<String> info = get(server, "/info/?pub_key=" + PUB + "&file_id=" + confirmed);
            assertThat(info.statusCode()).isEqualTo(200);
            awaitReady(server, confirmed);
            try (var tmp = Files.list(dir.resolve("blobs/.tmp"))) {
                assertThat(tmp).as("half-written uploads are swept at start").isEmpty();
            }
            long originals;
            try (var walk = Files.walk(dir.resolve("blobs/originals"))) {
                originals = walk.filter(Files::isRegularFile).count();
            }
            assertThat(originals).isEqualTo(1);
        }
    }

    @Test
    void aStopLetsAnUploadInFlightFinish() throws Exception {
        try (ChildServer server = ChildServer.start(dir, List.of("-Xmx256m"), ENV)) {
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(slowUpload(server, 2 << 20, 1500),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(500);
            server.process().destroy(); // SIGTERM
            HttpResponse<String> r = inFlight.get(60, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (ChildServer server = ChildServer.start(dir, List.of("-Xmx256m"), ENV)) {
            try (var walk = Files.walk(dir.resolve("blobs/originals"))) {
                assertThat(walk.filter(Files::isRegularFile).count()).isEqualTo(1);
            }
        }
    }

    private String upload(ChildServer server, String name, String text) throws Exception {
        Multipart body = new Multipart().field("UPLOADCARE_PUB_KEY", PUB).field("UPLOADCARE_STORE", "1")
                .file("file", name, "text/plain", text.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.base() + "/base/"))
                .header("Content-Type", body.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Uploader.json(r.body()).get("file").asText();
    }

    /** A direct upload of {@code size} bytes whose body trickles in over about {@code millis}. */
    private static HttpRequest slowUpload(ChildServer server, int size, long millis) {
        String boundary = "----satchel-slow";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"UPLOADCARE_PUB_KEY\"\r\n\r\n" + PUB
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.bin\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        int chunks = 20;
        InputStream slow = new InputStream() {
            int sent;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= size) return -1;
                if (sent % (size / chunks) == 0) {
                    try {
                        Thread.sleep(millis / chunks);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return -1;
                    }
                }
                int n = Math.min(len, Math.min(size - sent, size / chunks - sent % (size / chunks)));
                java.util.Arrays.fill(b, off, off + n, (byte) 'z');
                sent += n;
                return n;
            }
        };
        return HttpRequest.newBuilder(URI.create(server.base() + "/base/"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() ->
                        new SequenceInputStream(new SequenceInputStream(new ByteArrayInputStream(head), slow),
                                new ByteArrayInputStream(tail))), head.length + (long) size + tail.length))
                .build();
    }

    private HttpResponse<String> get(ChildServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitReady(ChildServer server, String uuid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (Uploader.json(get(server, "/info/?pub_key=" + PUB + "&file_id=" + uuid).body()).get("is_ready").asBoolean()) return;
            Thread.sleep(100);
        }
        throw new AssertionError("not ready: " + uuid);
    }
}
