package io.satchel.api.upload;

import static io.satchel.api.upload.Wire.assertJsonError;
import static io.satchel.api.upload.Wire.assertPlainError;
import static io.satchel.api.upload.Wire.ok;
import static io.satchel.testing.TestServer.PUB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.Multipart;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /base/} (spec §2.3.1): direct uploads, their fields and their errors. */
class UploadBaseTest {
    private static final String NOSTORE = "pub_nostore_0003";
    private static final String CAPPED = "pub_capped_0004";
    private static final String IMAGES = "pub_images_0005";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        var projects = server.satchel().projects();
        projects.create("nostore", NOSTORE, "secret_nostore_0003");
        projects.set("nostore", Map.of("autostore", "false"));
        projects.create("capped", CAPPED, "secret_capped_0004");
        projects.set("capped", Map.of("max_upload_bytes", "1000"));
        projects.create("images", IMAGES, "secret_images_0005");
        projects.set("images", Map.of("allowed_mime_types", "image/*"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Multipart withKey(String pub) {
        return new Multipart().field("UPLOADCARE_PUB_KEY", pub);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void singleFileAnswersItsFieldWithTheUuid() {
        JsonNode body = ok(server.post("/base/", withKey(PUB).field("UPLOADCARE_STORE", "auto")
                .file("file", "hello.txt", "text/plain", text("hello"))));
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("file").asText()).matches(Wire.UUID);
        JsonNode info = Wire.info(server, PUB, body.get("file").asText());
        assertThat(info.get("original_filename").asText()).isEqualTo("hello.txt");
        assertThat(info.get("size").asLong()).isEqualTo(5);
    }

    @Test
    void severalFilesMapEachFieldToItsOwnUuid() {
        JsonNode body = ok(server.post("/base/", withKey(PUB)
                .file("file.txt", "file.txt", "text/plain", text("one"))
                .file("second", "two.txt", "text/plain", text("two!"))
                .file("file", "three.txt", "text/plain", text("three"))));
        assertThat(body.size()).isEqualTo(3);
        assertThat(Wire.info(server, PUB, body.get("file.txt").asText()).get("original_filename").asText()).isEqualTo("file.txt");
        assertThat(Wire.info(server, PUB, body.get("second").asText()).get("size").asInt()).isEqualTo(4);
        assertThat(Wire.info(server, PUB, body.get("file").asText()).get("original_filename").asText()).isEqualTo("three.txt");
        assertThat(body.get("file.txt").asText()).isNotEqualTo(body.get("second").asText());
    }

    @Test
    void fileBeforeTheKeyStillUploads() {
        Multipart m = new Multipart().file("file", "early.txt", "text/plain", text("early"))
                .field("UPLOADCARE_STORE", "0").field("UPLOADCARE_PUB_KEY", PUB);
        String uuid = ok(server.post("/base/", m)).get("file").asText();
        assertThat(Wire.info(server, PUB, uuid).get("is_stored").asBoolean()).isFalse();
    }

    @Test
    void keyInTheQueryString() {
        Multipart m = new Multipart().file("file", "q.txt", "text/plain", text("q"));
        assertThat(ok(server.post("/base/?UPLOADCARE_PUB_KEY=" + PUB + "&jsonerrors=1", m)).get("file").asText()).matches(Wire.UUID);
    }

    @Test
    void storeFlagFollowsTheRequestOrTheProject() {
        assertThat(storedAfter(PUB, "1")).isTrue();
        assertThat(storedAfter(PUB, "0")).isFalse();
        assertThat(storedAfter(PUB, "auto")).isTrue();
        assertThat(storedAfter(PUB, null)).isTrue();
        assertThat(storedAfter(NOSTORE, "auto")).isFalse();
        assertThat(storedAfter(NOSTORE, null)).isFalse();
        assertThat(storedAfter(NOSTORE, "0")).isFalse();
    }

    @Test
    void storeOneWithAutostoreDisabledIsForbidden() {
        var before = Wire.blobs(server);
        Multipart m = withKey(NOSTORE).field("UPLOADCARE_STORE", "1").file("file", "a.txt", "text/plain", text("a"));
        assertPlainError(server.post("/base/", m), 403, "Autostore is disabled.");
        assertJsonError(server.post("/base/?jsonerrors=1", m), 403, "AutostoreDisabledError", "Autostore is disabled.");
        assertThat(Wire.blobs(server)).isEqualTo(before);
    }

    private static boolean storedAfter(String pub, String store) {
        Multipart m = withKey(pub);
        if (store != null) m.field("UPLOADCARE_STORE", store);
        String uuid = ok(server.post("/base/", m.file("file", "s.txt", "text/plain", text("s")))).get("file").asText();
        JsonNode is = Wire.info(server, pub, uuid).get("is_stored");
        assertThat(is.isBoolean()).isTrue();
        return is.asBoolean();
    }

    @Test
    void metadataShowsInInfo() {
        Multipart m = withKey(PUB).field("metadata[subsystem]", "uploader").field("metadata[pet.name:x-1]", "Кот")
                .file("file", "m.txt", "text/plain", text("m"));
        String uuid = ok(server.post("/base/", m)).get("file").asText();
        JsonNode metadata = Wire.info(server, PUB, uuid).get("metadata");
        assertThat(metadata.size()).isEqualTo(2);
        assertThat(metadata.get("subsystem").asText()).isEqualTo("uploader");
        assertThat(metadata.get("pet.name:x-1").asText()).isEqualTo("Кот");
    }

    @Test
    void metadataErrors() {
        var before = Wire.blobs(server);
        assertMetadataError(Map.of("bad key!", "v"), "FileMetadataKeyForbiddenError");
        assertMetadataError(Map.of("k".repeat(65), "v"), "FileMetadataKeyLengthTooBigError");
        assertMetadataError(Map.of("k", "v".repeat(513)), "FileMetadataValueLengthTooBigError");
        assertMetadataError(Map.of("k", ""), "FileMetadataValueEmptyError");
        Map<String, String> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 51; i++) many.put("k" + i, "v");
        assertMetadataError(many, "FileMetadataKeysNumberTooBigError");
        assertThat(Wire.blobs(server)).isEqualTo(before);
        // The limits themselves are allowed.
        Multipart m = withKey(PUB).field("metadata[" + "k".repeat(64) + "]", "v".repeat(512));
        for (int i = 0; i < 49; i++) m.field("metadata[n" + i + "]", "v");
        ok(server.post("/base/", m.file("file", "m.txt", "text/plain", text("m"))));
    }

    private static void assertMetadataError(Map<String, String> metadata, String code) {
        Multipart m = withKey(PUB);
        metadata.forEach((k, v) -> m.field("metadata[" + k + "]", v));
        m.file("file", "m.txt", "text/plain", text("m"));
        HttpResponse<String> plain = server.post("/base/", m);
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(400);
        HttpResponse<String> json = server.post("/base/?jsonerrors=1", m);
        assertJsonError(json, 400, code, plain.body());
    }

    @Test
    void requestWithoutFiles() {
        String none = "Request does not contain files.";
        assertPlainError(server.post("/base/", withKey(PUB).field("UPLOADCARE_STORE", "1")), 400, none);
        assertJsonError(server.post("/base/?jsonerrors=1", withKey(PUB)), 400, "FilesRequiredError", none);
        assertPlainError(server.postForm("/base/", "UPLOADCARE_PUB_KEY=" + PUB), 400, none);
        assertPlainError(Wire.post(server, "/base/?UPLOADCARE_PUB_KEY=" + PUB, null, new byte[0]), 400, none);
    }

    @Test
    void missingOrUnknownKey() {
        Multipart noKey = new Multipart().file("file", "a.txt", "text/plain", text("a"));
        assertPlainError(server.post("/base/", noKey), 403, "UPLOADCARE_PUB_KEY is required.");
        assertPlainError(server.post("/base/", new Multipart().field("pub_key", PUB).file("file", "a.txt", "text/plain", text("a"))),
                403, "UPLOADCARE_PUB_KEY is required.");
        assertJsonError(server.post("/base/?jsonerrors=1", noKey), 403, "ProjectPublicKeyRequiredError",
                "UPLOADCARE_PUB_KEY is required.");
        Multipart wrong = withKey("pub_nobody_9999").file("file", "a.txt", "text/plain", text("a"));
        assertPlainError(server.post("/base/", wrong), 403, "UPLOADCARE_PUB_KEY is invalid.");
        assertJsonError(server.post("/base/?jsonerrors=1", wrong), 403, "ProjectPublicKeyInvalidError",
                "UPLOADCARE_PUB_KEY is invalid.");
    }

    @Test
    void jsonerrorsOnlyWhenOne() {
        Multipart wrong = withKey("pub_nobody_9999").file("file", "a.txt", "text/plain", text("a"));
        assertPlainError(server.post("/base/?jsonerrors=0", wrong), 403, "UPLOADCARE_PUB_KEY is invalid.");
        assertJsonError(server.post("/base/", new Multipart().field("jsonerrors", "1").field("UPLOADCARE_PUB_KEY", "pub_nobody_9999")
                .file("file", "a.txt", "text/plain", text("a"))), 403, "ProjectPublicKeyInvalidError", "UPLOADCARE_PUB_KEY is invalid.");
    }

    @Test
    void projectSizeCap() {
        var before = Wire.blobs(server);
        assertPlainError(server.post("/base/", withKey(CAPPED).file("file", "big.bin", "application/octet-stream", new byte[1001])),
                400, "File is too large.");
        // With the file before the key the cap is only known afterwards; the answer is the same.
        assertJsonError(server.post("/base/?jsonerrors=1", new Multipart().file("file", "big.bin", "application/octet-stream",
                new byte[5000]).field("UPLOADCARE_PUB_KEY", CAPPED)), 400, "FileSizeLimitExceededError", "File is too large.");
        assertThat(Wire.blobs(server)).isEqualTo(before);
        ok(server.post("/base/", withKey(CAPPED).file("file", "fits.bin", "application/octet-stream", new byte[1000])));
    }

    @Test
    void projectMimeTypeAllowList() {
        var before = Wire.blobs(server);
        String no = "Uploading of these file types is not allowed.";
        assertPlainError(server.post("/base/", withKey(IMAGES).file("file", "a.txt", "text/plain", text("plain text"))), 400, no);
        // A text file that claims to be a PNG is still text.
        assertJsonError(server.post("/base/?jsonerrors=1", withKey(IMAGES).file("file", "a.png", "image/png", text("plain text"))),
                400, "FileTypeForbiddenError", no);
        // One forbidden file rejects the request, and the allowed file in it is not kept either.
        assertPlainError(server.post("/base/", withKey(IMAGES).file("ok", "ok.png", "image/png", Wire.png(2, 2))
                .file("bad", "bad.txt", "text/plain", text("nope"))), 400, no);
        assertThat(Wire.blobs(server)).isEqualTo(before);
        ok(server.post("/base/", withKey(IMAGES).file("file", "ok.png", "image/png", Wire.png(2, 2))));
    }

    @Test
    void sniffedTypeIgnoresTheDeclaredOne() {
        String uuid = ok(server.post("/base/", withKey(PUB).file("file", "picture.png", "text/plain", Wire.png(3, 2))))
                .get("file").asText();
        JsonNode info = Wire.info(server, PUB, uuid);
        assertThat(info.get("mime_type").asText()).isEqualTo("image/png");
        assertThat(info.get("is_image").isBoolean()).isTrue();
        assertThat(info.get("is_image").asBoolean()).isTrue();
        String txt = ok(server.post("/base/", withKey(PUB).file("file", "notes.txt", "image/jpeg", text("just words"))))
                .get("file").asText();
        JsonNode t = Wire.info(server, PUB, txt);
        assertThat(t.get("mime_type").asText()).isEqualTo("text/plain");
        assertThat(t.get("is_image").asBoolean()).isFalse();
    }

    @Test
    void filenamesAreSanitized() {
        Map<String, String> cases = Map.of(
                "IMG-0412_123.JPG", "IMG0412_123.JPG",
                "WhatsApp Image 2023-06-26 at 8.56.32 AM.jpeg", "WhatsAppImage20230626at85632AM.jpeg",
                "instellar_logo_main (1).png", "instellar_logo_main1.png",
                "Северина_паспорт.pdf", "_.pdf",
                "файл.pdf", "file.pdf"); // an empty stem: UNCONFIRMED upstream, our choice (Filenames)
        cases.forEach((sent, clean) -> {
            String uuid = ok(server.post("/base/", withKey(PUB).file("file", sent, "application/octet-stream", text("x"))))
                    .get("file").asText();
            JsonNode info = Wire.info(server, PUB, uuid);
            assertThat(info.get("original_filename").asText()).isEqualTo(sent);
            assertThat(info.get("filename").asText()).as(sent).isEqualTo(clean);
        });
    }

    @Test
    void brokenBodiesAre400AndKeepNothing() {
        var before = Wire.blobs(server);
        Multipart m = withKey(PUB).file("file", "t.bin", "application/octet-stream", new byte[20_000]);
        byte[] whole = m.bytes();
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 100);
        HttpResponse<String> r = Wire.post(server, "/base/?jsonerrors=1", m.contentType(), truncated);
        assertThat(Uploader.json(r.body()).get("error").get("error_code").asText()).isEqualTo("PostRequestParserFailedError");
        assertThat(Wire.post(server, "/base/", m.contentType(), truncated).statusCode()).isEqualTo(400);
        assertThat(Wire.post(server, "/base/", "multipart/form-data; boundary=other", whole).statusCode()).isEqualTo(400);
        assertJsonError(server.post("/base/?jsonerrors=1", withKey(PUB).field("source", "a\0b").file("file", "a.txt", "text/plain", text("a"))),
                400, "NullCharactersForbiddenError", "Null characters are not allowed.");
        assertThat(Wire.blobs(server)).isEqualTo(before);
    }

    @Test
    void onlyPost() {
        HttpResponse<String> r = server.get("/base/?jsonerrors=1");
        assertThat(Uploader.json(r.body()).get("error").get("status_code").asInt()).isEqualTo(405);
        assertThat(server.get("/base/").statusCode()).isEqualTo(405);
    }

    @Test
    void oldInternetExplorerFullPathKeepsOnlyTheName() {
        String uuid = ok(server.post("/base/", withKey(PUB).file("file", "C:\\fakepath\\photo.png", "image/png", Wire.png(1, 1))))
                .get("file").asText();
        assertThat(Wire.info(server, PUB, uuid).get("original_filename").asText()).isEqualTo("photo.png");
    }
}
