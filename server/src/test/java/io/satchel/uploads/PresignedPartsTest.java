package io.satchel.uploads;

import static io.satchel.testing.TestServer.PUB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.storage.StorageSettings;
import io.satchel.testing.S3Server;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multipart uploads whose parts go straight to the bucket through presigned URLs
 * ({@code SATCHEL_S3_PART_URLS=bucket}): no part byte passes Satchel; completion asks the bucket.
 */
class PresignedPartsTest {
    private static final int PART = 5 * 1024 * 1024;
    private static TestServer server;
    private static StorageSettings storage;

    @BeforeAll
    static void start() {
        storage = S3Server.freshBucket(StorageSettings.PartUrls.BUCKET);
        server = TestServer.start(s -> s.withStorage(storage));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void partsPutToTheBucketInAnyOrderMakeTheFile() throws Exception {
        byte[] file = data(2 * PART + 999, 1);
        JsonNode started = start(file.length);
        String uuid = started.get("uuid").asText();
        List<URI> urls = urls(started);
        assertThat(urls).hasSize(3).allSatisfy(u -> {
            assertThat(u.getPort()).as("the bucket, not Satchel").isEqualTo(storage.s3().endpoint().getPort());
            assertThat(u.getQuery()).contains("X-Amz-Signature=").contains("partNumber=").contains("uploadId=");
        });
        // The last part first, part 2 twice (the second copy wins), all in parallel.
        assertThat(put(urls.get(1), data(PART, 99))).isEqualTo(200);
        var last = CompletableFuture.supplyAsync(() -> put(urls.get(2), slice(file, 2 * PART, file.length)));
        var first = CompletableFuture.supplyAsync(() -> put(urls.get(0), slice(file, 0, PART)));
        var second = CompletableFuture.supplyAsync(() -> put(urls.get(1), slice(file, PART, 2 * PART)));
        assertThat(List.of(last.get(), first.get(), second.get())).containsOnly(200);

        HttpResponse<String> done = server.postForm("/multipart/complete/", "UPLOADCARE_PUB_KEY=" + PUB + "&uuid=" + uuid);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(Uploader.json(done.body()).get("size").asLong()).isEqualTo(file.length);
        new Uploader(server).awaitReady(PUB, uuid);
        HttpResponse<byte[]> original = server.sendForBytes(HttpRequest.newBuilder(server.uri("/" + uuid + "/")).build());
        assertThat(sha256(original.body())).isEqualTo(sha256(file));
        assertThat(original.headers().firstValue("ETag")).as("PROCESS read the bytes back once to hash them")
                .contains("\"" + sha256(file) + "\"");
    }

    @Test
    void theBucketRefusesAPartOfAnotherSizeAndCompletionSaysWhatIsMissing() throws Exception {
        byte[] file = data(2 * PART + 10, 2);
        JsonNode started = start(file.length);
        String uuid = started.get("uuid").asText();
        List<URI> urls = urls(started);
        // The bucket answers 403 at once, and may close the connection before the body is sent (-1).
        assertThat(refusedOrAnswered(urls.get(0), data(PART + 1, 3))).as("the signed length").isIn(-1, 400, 403);
        assertThat(put(urls.get(0), slice(file, 0, PART))).isEqualTo(200);
        assertThat(put(urls.get(2), slice(file, 2 * PART, file.length))).isEqualTo(200);
        HttpResponse<String> early = server.postForm("/multipart/complete/", "UPLOADCARE_PUB_KEY=" + PUB + "&uuid=" + uuid);
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(early.body()).isEqualTo("File size mismatch. Not all parts uploaded?");
        assertThat(put(urls.get(1), slice(file, PART, 2 * PART))).isEqualTo(200);
        HttpResponse<String> done = server.postForm("/multipart/complete/", "UPLOADCARE_PUB_KEY=" + PUB + "&uuid=" + uuid);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(server.postForm("/multipart/complete/", "UPLOADCARE_PUB_KEY=" + PUB + "&uuid=" + uuid).body())
                .isEqualTo("File is already uploaded.");
    }

    private static JsonNode start(long size) {
        HttpResponse<String> r = server.postForm("/multipart/start/", "UPLOADCARE_PUB_KEY=" + PUB + "&filename=p.bin&size="
                + size + "&content_type=application/octet-stream&UPLOADCARE_STORE=1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Uploader.json(r.body());
    }

    private static List<URI> urls(JsonNode started) {
        List<URI> urls = new ArrayList<>();
        started.get("parts").forEach(p -> urls.add(URI.create(p.asText())));
        return urls;
    }

    private static int put(URI url, byte[] body) {
        return server.send(HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build()).statusCode();
    }

    private static int refusedOrAnswered(URI url, byte[] body) {
        // A client of its own: the connection the bucket cut must not be reused for the next part.
        try (var once = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            return once.send(HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    private static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
