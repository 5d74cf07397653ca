package io.satchel.api.tus;

import static io.satchel.api.tus.TusWire.create;
import static io.satchel.api.tus.TusWire.created;
import static io.satchel.api.tus.TusWire.head;
import static io.satchel.api.tus.TusWire.meta;
import static io.satchel.api.tus.TusWire.patch;
import static io.satchel.api.tus.TusWire.request;
import static io.satchel.testing.TestServer.PUB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import io.satchel.uploads.UploadSignature;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tus core and its creation, defer-length, checksum, termination and expiration headers: every status of spec/tus.md. */
class TusProtocolTest {
    private static final String CAPPED = "pub_tuscap_0007";
    private static final String SIGNED = "pub_tussig_0008";
    private static final String SIGNED_SECRET = "secret_tussig_0008";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        var projects = server.satchel().projects();
        projects.create("tuscap", CAPPED, "secret_tuscap_0007");
        projects.set("tuscap", Map.of("max_upload_bytes", "1000"));
        projects.create("tussig", SIGNED, SIGNED_SECRET);
        projects.set("tussig", Map.of("signed_uploads", "true"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String alpha(String... more) {
        String[] kv = new String[more.length + 2];
        kv[0] = "pub_key";
        kv[1] = PUB;
        System.arraycopy(more, 0, kv, 2, more.length);
        return meta(kv);
    }

    @Test
    void optionsAdvertisesVersionExtensionsAndLimits() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/tus/"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Tus-Resumable")).contains("1.0.0");
        assertThat(r.headers().firstValue("Tus-Version")).contains("1.0.0");
        assertThat(r.headers().firstValue("Tus-Extension")).contains("creation,creation-with-upload,creation-defer-length,"
                + "termination,concatenation,expiration,checksum,checksum-trailer");
        assertThat(r.headers().firstValue("Tus-Max-Size")).contains(String.valueOf(5L << 30));
        assertThat(r.headers().firstValue("Tus-Checksum-Algorithm")).contains("sha1,md5,sha256,crc32");
        HttpResponse<String> capped = server.send(HttpRequest.newBuilder(server.uri("/tus/?pub_key=" + CAPPED))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(capped.headers().firstValue("Tus-Max-Size")).contains("1000");
    }

    @Test
    void aBrowserPreflightIsStillAnsweredAsCors() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/tus/"))
                .header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "tus-resumable, upload-length, upload-metadata")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("PATCH");
        assertThat(r.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Upload-Offset");
    }

    @Test
    void anotherProtocolVersionIs412WithTheVersionsSpoken() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/tus/")).header("Tus-Resumable", "0.2.2")
                .header("Upload-Length", "5").header("Upload-Metadata", alpha())
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(412);
        assertThat(r.headers().firstValue("Tus-Version")).contains("1.0.0");
        HttpResponse<String> missing = server.send(HttpRequest.newBuilder(server.uri("/tus/")).header("Upload-Length", "5")
                .header("Upload-Metadata", alpha()).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(missing.statusCode()).isEqualTo(412);
    }

    @Test
    void creationThenPatchesMakeAFileUnderTheUploadId() {
        byte[] content = "hello, resumable world".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = create(server, "Upload-Length", String.valueOf(content.length),
                "Upload-Metadata", alpha("filename", "hello.txt", "filetype", "image/png", "metadata[colour]", "teal"));
        assertThat(r.statusCode()).isEqualTo(201);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches(server.satchel().publicUrl() + "/tus/[0-9a-f-]{36}");
        assertThat(r.headers().firstValue("Tus-Resumable")).contains("1.0.0");
        ZonedDateTime expires = ZonedDateTime.parse(r.headers().firstValue("Upload-Expires").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(expires).isAfter(ZonedDateTime.now().plusHours(23));
        String path = TusWire.pathOf(location);

        HttpResponse<String> h = head(server, path);
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.headers().firstValue("Upload-Offset")).contains("0");
        assertThat(h.headers().firstValue("Upload-Length")).contains(String.valueOf(content.length));
        assertThat(h.headers().firstValue("Upload-Metadata")).contains(alpha("filename", "hello.txt", "filetype", "image/png",
                "metadata[colour]", "teal"));
        assertThat(h.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(h.headers().firstValue("Upload-Expires")).isPresent();

        HttpResponse<String> p1 = patch(server, path, 0, java.util.Arrays.copyOf(content, 5));
        assertThat(p1.statusCode()).as(p1.body()).isEqualTo(204);
        assertThat(p1.headers().firstValue("Upload-Offset")).contains("5");
        assertThat(p1.headers().firstValue("Upload-Expires")).isPresent();
        assertThat(p1.headers().firstValue("Tus-Resumable")).contains("1.0.0");
        HttpResponse<String> p2 = patch(server, path, 5, java.util.Arrays.copyOfRange(content, 5, content.length));
        assertThat(p2.statusCode()).as(p2.body()).isEqualTo(204);
        assertThat(p2.headers().firstValue("Upload-Offset")).contains(String.valueOf(content.length));

        String uuid = TusWire.uuidOf(path);
        JsonNode info = new Uploader(server).awaitReady(PUB, uuid);
        assertThat(info.get("uuid").asText()).isEqualTo(uuid);
        assertThat(info.get("size").asLong()).isEqualTo(content.length);
        assertThat(info.get("original_filename").asText()).isEqualTo("hello.txt");
        assertThat(info.get("mime_type").asText()).as("filetype does not override the sniffed type").isEqualTo("text/plain");
        assertThat(info.get("metadata").get("colour").asText()).isEqualTo("teal");
        assertThat(TusWire.original(server.base(), uuid)).isEqualTo(content);

        HttpResponse<String> after = head(server, path);
        assertThat(after.statusCode()).as("a finished upload still answers HEAD").isEqualTo(200);
        assertThat(after.headers().firstValue("Upload-Offset")).contains(String.valueOf(content.length));
        assertThat(after.headers().firstValue("Upload-Length")).contains(String.valueOf(content.length));
        assertThat(after.headers().firstValue("Upload-Metadata")).isPresent();
        HttpResponse<String> again = patch(server, path, 0, new byte[] {1});
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void creationWithUploadTakesTheFirstBytes() {
        byte[] content = TusWire.random(70_000, 1);
        HttpResponse<String> r = server.send(request(server, "/tus/", "Upload-Length", "100000", "Upload-Metadata",
                alpha("filename", "first.bin"), "Content-Type", TusWire.OFFSET_STREAM)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Upload-Offset")).contains("70000");
        String path = TusWire.pathOf(r.headers().firstValue("Location").orElseThrow());
        assertThat(TusWire.offset(server, path)).isEqualTo(70_000);

        byte[] whole = TusWire.random(10, 2);
        HttpResponse<String> all = server.send(request(server, "/tus/", "Upload-Length", "10", "Upload-Metadata",
                alpha("filename", "whole.bin"), "Content-Type", TusWire.OFFSET_STREAM)
                .POST(HttpRequest.BodyPublishers.ofByteArray(whole)).build());
        assertThat(all.statusCode()).isEqualTo(201);
        assertThat(all.headers().firstValue("Upload-Offset")).contains("10");
        String uuid = TusWire.uuidOf(TusWire.pathOf(all.headers().firstValue("Location").orElseThrow()));
        assertThat(TusWire.original(server.base(), uuid)).isEqualTo(whole);
    }

    @Test
    void anEmptyUploadBecomesAnEmptyFileAtOnce() {
        String path = created(server, 0, alpha("filename", "empty.txt"));
        JsonNode info = new Uploader(server).awaitReady(PUB, TusWire.uuidOf(path));
        assertThat(info.get("size").asLong()).isZero();
        assertThat(head(server, path).headers().firstValue("Upload-Offset")).contains("0");
    }

    @Test
    void badCreationHeadersAre400() {
        assertStatus(create(server, "Upload-Metadata", alpha()), 400);
        assertStatus(create(server, "Upload-Length", "-1", "Upload-Metadata", alpha()), 400);
        assertStatus(create(server, "Upload-Length", "12abc", "Upload-Metadata", alpha()), 400);
        assertStatus(create(server, "Upload-Length", "5", "Upload-Defer-Length", "1", "Upload-Metadata", alpha()), 400);
        assertStatus(create(server, "Upload-Defer-Length", "2", "Upload-Metadata", alpha()), 400);
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata", alpha() + ",filename not*base64"), 400);
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata", alpha() + ",pub_key " + b64("x")), 400);
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata", alpha() + ", ,x"), 400);
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata", alpha("store", "maybe")), 400);
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata", alpha("metadata[bad key]", "v")), 400);
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata",
                alpha("filename", "x".repeat(UploadMetadata.MAX_HEADER))), 400);
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata", alpha(), "Upload-Concat", "sideways"), 400);
        HttpResponse<String> r = create(server, "Upload-Length", "5", "Upload-Metadata", alpha("filename", "\u0000"));
        assertStatus(r, 400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).isNotBlank();
        // Keys Satchel does not know (Uppy sends several) and empty values are fine.
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata", alpha("relativePath", "null") + ",is_confidential"), 201);
    }

    @Test
    void aMissingOrUnknownKeyIs403AndASignedProjectChecksTheSignature() {
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata", meta("filename", "a.txt")), 403);
        assertStatus(create(server, "Upload-Length", "5"), 403);
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata", meta("pub_key", "pub_nobody")), 403);
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata", meta("UPLOADCARE_PUB_KEY", PUB)), 201);
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata", meta("pub_key", SIGNED)), 400);
        String expire = String.valueOf(System.currentTimeMillis() / 1000 + 3600);
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata",
                meta("pub_key", SIGNED, "signature", "0".repeat(64), "expire", expire)), 403);
        assertStatus(create(server, "Upload-Length", "5", "Upload-Metadata",
                meta("pub_key", SIGNED, "signature", UploadSignature.hmacSha256(SIGNED_SECRET, expire), "expire", expire)), 201);
    }

    @Test
    void aLengthAboveTheCapIs413() {
        assertStatus(create(server, "Upload-Length", "1001", "Upload-Metadata", meta("pub_key", CAPPED)), 413);
        assertStatus(create(server, "Upload-Length", "1000", "Upload-Metadata", meta("pub_key", CAPPED)), 201);
        assertStatus(create(server, "Upload-Length", String.valueOf((5L << 30) + 1), "Upload-Metadata", alpha()), 413);
        // A deferred length is held to the cap when it is declared, and bodies to it meanwhile.
        String deferred = deferred(meta("pub_key", CAPPED));
        assertStatus(patch(server, deferred, 0, new byte[10], "Upload-Length", "1001"), 413);
        assertStatus(patch(server, deferred, 0, new byte[1001]), 413);
        assertThat(TusWire.offset(server, deferred)).isZero();
    }

    @Test
    void patchRefusals() {
        String path = created(server, 10, alpha());
        HttpResponse<String> wrongType = server.send(request(server, path, "Upload-Offset", "0",
                "Content-Type", "application/octet-stream").method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[3])).build());
        assertStatus(wrongType, 415);
        HttpResponse<String> noOffset = server.send(request(server, path, "Content-Type", TusWire.OFFSET_STREAM)
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[3])).build());
        assertStatus(noOffset, 400);
        assertStatus(patch(server, path, 3, new byte[3]), 409);
        assertStatus(patch(server, path, 0, new byte[11]), 413);
        assertStatus(patch(server, path, 0, new byte[3], "Upload-Length", "12"), 400);
        assertStatus(patch(server, "/tus/00000000-0000-4000-8000-000000000000", 0, new byte[3]), 404);
        assertStatus(head(server, "/tus/00000000-0000-4000-8000-000000000000"), 404);
        assertStatus(head(server, "/tus/not-an-upload"), 404);
        assertStatus(server.send(request(server, path).GET().build()), 405);
        assertThat(TusWire.offset(server, path)).isZero();
    }

    @Test
    void deferredLengthIsSetOnceByAPatch() {
        String path = deferred(alpha("filename", "stream.bin"));
        HttpResponse<String> h = head(server, path);
        assertThat(h.headers().firstValue("Upload-Defer-Length")).contains("1");
        assertThat(h.headers().firstValue("Upload-Length")).isEmpty();
        byte[] content = TusWire.random(3000, 3);
        assertStatus(patch(server, path, 0, java.util.Arrays.copyOf(content, 1000)), 204);
        assertStatus(patch(server, path, 1000, new byte[0], "Upload-Length", "999"), 400);
        assertStatus(patch(server, path, 1000, java.util.Arrays.copyOfRange(content, 1000, 2000), "Upload-Length", "3000"), 204);
        HttpResponse<String> known = head(server, path);
        assertThat(known.headers().firstValue("Upload-Length")).contains("3000");
        assertThat(known.headers().firstValue("Upload-Defer-Length")).isEmpty();
        assertStatus(patch(server, path, 2000, new byte[1], "Upload-Length", "4000"), 400);
        assertStatus(patch(server, path, 2000, java.util.Arrays.copyOfRange(content, 2000, 3000)), 204);
        String uuid = TusWire.uuidOf(path);
        new Uploader(server).awaitReady(PUB, uuid);
        assertThat(TusWire.sha256(TusWire.original(server.base(), uuid))).isEqualTo(TusWire.sha256(content));
    }

    @Test
    void checksumsOfEveryAlgorithmAreVerified() {
        byte[] content = TusWire.random(4000, 4);
        String path = created(server, content.length, alpha("filename", "checked.bin"));
        byte[][] chunks = {java.util.Arrays.copyOfRange(content, 0, 1000), java.util.Arrays.copyOfRange(content, 1000, 2000),
                java.util.Arrays.copyOfRange(content, 2000, 3000), java.util.Arrays.copyOfRange(content, 3000, 4000)};
        String[] checksums = {"sha1 " + TusWire.digest("SHA-1", chunks[0]), "md5 " + TusWire.digest("MD5", chunks[1]),
                "sha256 " + TusWire.digest("SHA-256", chunks[2]), "crc32 " + crc32(chunks[3])};
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> mismatch = patch(server, path, i * 1000L, chunks[(i + 1) % 4], "Upload-Checksum", checksums[i]);
            assertThat(mismatch.statusCode()).as(checksums[i]).isEqualTo(460);
            assertThat(TusWire.offset(server, path)).as("a mismatched chunk is discarded").isEqualTo(i * 1000L);
            assertStatus(patch(server, path, i * 1000L, chunks[i], "Upload-Checksum", checksums[i]), 204);
        }
        String uuid = TusWire.uuidOf(path);
        new Uploader(server).awaitReady(PUB, uuid);
        assertThat(TusWire.original(server.base(), uuid)).isEqualTo(content);
    }

    @Test
    void anUnsupportedOrMalformedChecksumIs400AndATrailerIsRefused() {
        String path = created(server, 10, alpha());
        assertStatus(patch(server, path, 0, new byte[3], "Upload-Checksum", "sha512 " + TusWire.digest("SHA-512", new byte[3])), 400);
        assertStatus(patch(server, path, 0, new byte[3], "Upload-Checksum", "sha1"), 400);
        assertStatus(patch(server, path, 0, new byte[3], "Upload-Checksum", "sha1 %%%"), 400);
        assertStatus(patch(server, path, 0, new byte[3], "Upload-Checksum", "sha1 " + b64("short")), 400);
        assertStatus(patch(server, path, 0, new byte[3], "Trailer", "Upload-Checksum"), 400);
        assertThat(TusWire.offset(server, path)).isZero();
    }

    @Test
    void methodOverrideTurnsAPostIntoAPatchOrDelete() {
        String path = created(server, 4, alpha());
        HttpResponse<String> r = server.send(request(server, path, "X-HTTP-Method-Override", "PATCH",
                "Content-Type", TusWire.OFFSET_STREAM, "Upload-Offset", "0").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2])).build());
        assertStatus(r, 204);
        assertThat(r.headers().firstValue("Upload-Offset")).contains("2");
        HttpResponse<String> d = server.send(request(server, path, "X-HTTP-Method-Override", "DELETE")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertStatus(d, 204);
        assertStatus(head(server, path), 410);
    }

    @Test
    void terminationDiscardsTheBytesAndLeavesGone() throws Exception {
        String path = created(server, 100, alpha());
        assertStatus(patch(server, path, 0, new byte[40]), 204);
        assertThat(server.holdsPiecesOf(TusWire.uuidOf(path))).isTrue();
        HttpResponse<String> d = TusWire.delete(server, path);
        assertStatus(d, 204);
        assertThat(d.headers().firstValue("Tus-Resumable")).contains("1.0.0");
        assertThat(server.holdsPiecesOf(TusWire.uuidOf(path))).isFalse();
        assertStatus(head(server, path), 410);
        assertStatus(patch(server, path, 40, new byte[1]), 410);
        assertStatus(TusWire.delete(server, path), 410);
        assertStatus(TusWire.delete(server, "/tus/00000000-0000-4000-8000-000000000000"), 404);
        String done = created(server, 1, alpha());
        assertStatus(patch(server, done, 0, new byte[1]), 204);
        assertStatus(TusWire.delete(server, done), 403);
    }

    private static String deferred(String metadata) {
        HttpResponse<String> r = create(server, "Upload-Defer-Length", "1", "Upload-Metadata", metadata);
        assertStatus(r, 201);
        return TusWire.pathOf(r.headers().firstValue("Location").orElseThrow());
    }

    private static void assertStatus(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.request().method() + " " + r.request().uri() + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Tus-Resumable")).contains("1.0.0");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        long v = crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }
}
