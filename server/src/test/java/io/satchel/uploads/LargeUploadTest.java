package io.satchel.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.ChildServer;
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
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB direct upload into a server whose heap is 128 MiB: it only completes if every layer streams.
 * The stored SHA-256 must match what the client sent.
 */
class LargeUploadTest {
    private static final long SIZE = 1L << 30;
    private static final String PUB = "pub_big_0001";
    private final Path dir = TestServer.tempDir();

    @AfterEach
    void clean() {
        TestServer.deleteTree(dir);
    }

    @Test
    void oneGibibyteThroughASmallHeap() throws Exception {
        try (ChildServer server = ChildServer.start(dir, List.of("-Xmx128m"), Map.of(
                "SATCHEL_BOOTSTRAP_PROJECT", "big:" + PUB + ":secret_big_0001",
                "SATCHEL_MAX_DIRECT_UPLOAD_BYTES", "2GiB"))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String boundary = "----satchel-large-upload";
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"UPLOADCARE_PUB_KEY\"\r\n\r\n" + PUB
                    + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"UPLOADCARE_STORE\"\r\n\r\n1"
                    + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\""
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            GeneratedStream content = new GeneratedStream(SIZE);
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.base() + "/base/"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() ->
                            new SequenceInputStream(new SequenceInputStream(new ByteArrayInputStream(head), content),
                                    new ByteArrayInputStream(tail))), head.length + SIZE + tail.length))
                    .build();

            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String uuid = Uploader.json(response.body()).get("file").asText();
            String sentSha = content.sha256();

            JsonNode info = awaitReady(client, server, uuid);
            assertThat(info.get("size").asLong()).isEqualTo(SIZE);
            try (var db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("satchel.db"));
                 var q = db.prepareStatement("SELECT sha256 FROM files WHERE uuid = ?")) {
                q.setString(1, uuid);
                try (var rs = q.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(sentSha);
                }
            }
            assertThat(server.process().isAlive()).isTrue();
        }
    }

    private static JsonNode awaitReady(HttpClient client, ChildServer server, String uuid) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create(server.base() + "/info/?pub_key=" + PUB + "&file_id=" + uuid)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode info = Uploader.json(r.body());
            if (info.path("is_ready").asBoolean() || Instant.now().isAfter(deadline)) return info;
            Thread.sleep(100);
        }
    }

    /** {@code size} pseudo-random bytes made on the fly, hashed as they are read. */
    static final class GeneratedStream extends InputStream {
        private final byte[] block = new byte[1 << 20];
        private final MessageDigest digest;
        private final long size;
        private long position;

        GeneratedStream(long size) throws Exception {
            this.size = size;
            new Random(42).nextBytes(block);
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) return -1;
            int inBlock = (int) (position % block.length);
            if (inBlock == 0) block[0] = (byte) (position / block.length); // every MiB differs
            int n = (int) Math.min(Math.min(len, block.length - inBlock), size - position);
            System.arraycopy(block, inBlock, b, off, n);
            digest.update(b, off, n);
            position += n;
            return n;
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
