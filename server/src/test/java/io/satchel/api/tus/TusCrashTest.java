package io.satchel.api.tus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.ChildServer;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server killed (SIGKILL) in the middle of a tus PATCH: after a restart the upload resumes from what was durable. */
class TusCrashTest {
    private static final String PUB = "pub_tuscrash_0001";
    private static final Map<String, String> ENV = Map.of("SATCHEL_BOOTSTRAP_PROJECT", "tuscrash:" + PUB + ":secret_tuscrash_0001");
    private static final int MIB = 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final Path dir = TestServer.tempDir();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void clean() {
        TestServer.deleteTree(dir);
    }

    @Test
    void aKillMidPatchLeavesTheDurableOffsetAndTheUploadFinishesAfterARestart() throws Exception {
        byte[] content = TusWire.random(24 * MIB, 40);
        String path;
        try (ChildServer server = ChildServer.start(dir, List.of("-Xmx256m"), ENV)) {
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(server.base() + "/tus/")).timeout(TIMEOUT)
                    .header("Tus-Resumable", "1.0.0").header("Upload-Length", String.valueOf(content.length))
                    .header("Upload-Metadata", TusWire.meta("pub_key", PUB, "filename", "crash.bin"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            path = TusWire.pathOf(created.headers().firstValue("Location").orElseThrow());
            int port = URI.create(server.base()).getPort();
            // 12 MiB of 24 arrive, then the body stalls with the connection open: one 8 MiB checkpoint is durable.
            Socket patch = TusWire.startPatch(port, path, 0, content.length, Arrays.copyOf(content, 12 * MIB));
            try {
                awaitOffset(server.base(), path, 8L * MIB);
                server.kill();
            } finally {
                patch.close();
            }
        }
        try (ChildServer server = ChildServer.start(dir, List.of("-Xmx256m"), ENV)) {
            long durable = offset(server.base(), path);
            assertThat(durable).as("the checkpoint survived the kill, nothing past it is claimed").isEqualTo(8L * MIB);

            TusClient client = new TusClient();
            client.setUploadCreationURL(URI.create(server.base() + "/tus/").toURL());
            TusUpload upload = new TusUpload();
            upload.setInputStream(new ByteArrayInputStream(content));
            upload.setSize(content.length);
            upload.setFingerprint("crash.bin");
            URL url = URI.create(server.base() + path).toURL();
            TusUploader uploader = client.beginOrResumeUploadFromURL(upload, url);
            assertThat(uploader.getOffset()).isEqualTo(durable);
            uploader.setChunkSize(MIB);
            while (uploader.uploadChunk() > -1) {
                // the rest
            }
            uploader.finish();

            String uuid = TusWire.uuidOf(path);
            JsonNode info = awaitReady(server.base(), uuid);
            assertThat(info.get("size").asLong()).isEqualTo(content.length);
            assertThat(info.get("original_filename").asText()).isEqualTo("crash.bin");
            assertThat(TusWire.sha256(TusWire.original(server.base(), uuid))).isEqualTo(TusWire.sha256(content));
        }
    }

    private long offset(String base, String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header("Tus-Resumable", "1.0.0")
                .HEAD().build());
        assertThat(r.statusCode()).isEqualTo(200);
        return Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
    }

    private void awaitOffset(String base, String path, long atLeast) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (offset(base, path) < atLeast) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("offset never reached " + atLeast);
            Thread.sleep(50);
        }
    }

    private JsonNode awaitReady(String base, String uuid) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/info/?pub_key=" + PUB + "&file_id=" + uuid))
                    .timeout(TIMEOUT).build());
            JsonNode info = Uploader.json(r.body());
            if (r.statusCode() == 200 && info.get("is_ready").asBoolean()) return info;
            if (Instant.now().isAfter(deadline)) throw new AssertionError("not ready: " + r.body());
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
