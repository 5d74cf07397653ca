package io.satchel.cluster;

import static io.satchel.testing.Cluster.PUB;
import static io.satchel.testing.Cluster.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.Cluster;
import io.satchel.testing.Multipart;
import io.satchel.testing.Uploader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

/**
 * Three Satchel nodes as separate processes over one PostgreSQL and one S3 bucket: any request on any
 * node, races across nodes, a node killed or replaced, the database restarted under traffic. The last
 * tests kill and restart things, so the order is fixed.
 */
/**
 * What the cluster tests say to the nodes and read behind them: HTTP calls to node {@code i}, uploads,
 * tus requests, readiness, and counts from the shared catalog and bucket.
 */
abstract class ClusterCalls {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    static Cluster cluster;

    static String base(int node) {
        return cluster.node(node).base();
    }


    static long filesUnder(java.nio.file.Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return 0;
        try (var walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    static int leases(String uuid) throws Exception {
        return count("SELECT COUNT(*) FROM upload_leases WHERE upload_uuid = ?", uuid);
    }

    static int count(String sql, String... args) throws Exception {
        try (Connection c = cluster.catalog(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setString(i + 1, args[i]);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static String upload(int node, String name, byte[] content) throws Exception {
        HttpResponse<String> r = post(node, "/base/", new Multipart().field("UPLOADCARE_PUB_KEY", PUB)
                .field("UPLOADCARE_STORE", "1").file("file", name, "application/octet-stream", content));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Uploader.json(r.body()).get("file").asText();
    }

    static JsonNode awaitReady(int node, String uuid) {
        return awaitReady(node, uuid, Duration.ofSeconds(20));
    }

    static JsonNode awaitReady(int node, String uuid, Duration atMost) {
        JsonNode[] info = new JsonNode[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = sendText(node, HttpRequest.newBuilder(URI.create(base(node) + "/info/?pub_key=" + PUB
                    + "&file_id=" + uuid)).GET());
            if (r.statusCode() != 200) return false;
            info[0] = Uploader.json(r.body());
            return info[0].get("is_ready").asBoolean();
        });
        return info[0];
    }

    static String tusCreate(int node, long length) throws Exception {
        String meta = "pub_key " + Base64.getEncoder().encodeToString(PUB.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = sendText(node, HttpRequest.newBuilder(URI.create(base(node) + "/tus/"))
                .header("Tus-Resumable", "1.0.0").header("Upload-Length", String.valueOf(length))
                .header("Upload-Metadata", meta).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return URI.create(r.headers().firstValue("Location").orElseThrow()).getPath();
    }

    static HttpResponse<String> tusPatch(int node, String path, long offset, byte[] body) throws Exception {
        return sendText(node, HttpRequest.newBuilder(URI.create(base(node) + path)).header("Tus-Resumable", "1.0.0")
                .header("Content-Type", "application/offset+octet-stream").header("Upload-Offset", String.valueOf(offset))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    static long tusOffset(int node, String path) throws Exception {
        HttpResponse<String> r = sendText(node, HttpRequest.newBuilder(URI.create(base(node) + path))
                .header("Tus-Resumable", "1.0.0").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(200);
        return Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
    }

    static int status(InputStream in) throws IOException {
        byte[] head = in.readNBytes(12);
        return Integer.parseInt(new String(head, StandardCharsets.US_ASCII).substring(9, 12));
    }

    /** A handed-out part URL, sent to another node. */
    static URI on(int node, String url) {
        URI u = URI.create(url);
        return URI.create(base(node) + u.getRawPath() + "?" + u.getRawQuery());
    }

    static int put(URI uri, byte[] body, int from, int to) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofByteArray(body, from, to - from))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<byte[]> get(int node, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base(node) + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static String getText(int node, String path) throws Exception {
        return sendText(node, HttpRequest.newBuilder(URI.create(base(node) + path)).GET()).body();
    }

    static HttpResponse<String> post(int node, String path, Multipart body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base(node) + path)).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postForm(int node, String path, String form) throws Exception {
        return sendText(node, HttpRequest.newBuilder(URI.create(base(node) + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    static HttpResponse<String> delete(int node, String path) throws Exception {
        return sendText(node, HttpRequest.newBuilder(URI.create(base(node) + path))
                .header("Accept", "application/vnd.uploadcare-v0.7+json")
                .header("Authorization", "Uploadcare.Simple " + PUB + ":" + SECRET).DELETE());
    }

    static HttpResponse<String> sendText(int node, HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Uploader.json(r.body());
    }

    static JsonNode json(String body) {
        return Uploader.json(body);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
