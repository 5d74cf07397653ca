package io.satchel.api.upload;

import static io.satchel.api.upload.Wire.assertJsonError;
import static io.satchel.api.upload.Wire.assertPlainError;
import static io.satchel.api.upload.Wire.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.Multipart;
import io.satchel.testing.TestServer;
import io.satchel.uploads.UploadSignature;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signed uploads (spec §2.7): what a project that demands signatures accepts and refuses. */
class SignedUploadTest {
    private static final String PUB = "pub_signed_0006";
    private static final String SECRET = "secret_signed_0006";
    private static TestServer server;
    private static String fileUuid;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.satchel().projects().create("signed", PUB, SECRET);
        server.satchel().projects().set("signed", Map.of("signed_uploads", "true"));
        String expire = inAnHour();
        fileUuid = ok(server.post("/base/", base(UploadSignature.hmacSha256(SECRET, expire), expire))).get("file").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void specTestVector() {
        assertThat(UploadSignature.hmacSha256("YOUR_SECRET_KEY", "1678361640"))
                .isEqualTo("93b69d086a487fbdfc36172b96a5d7f5afa7cb209e43e5f25890bc037e638584");
    }

    @Test
    void hmacAndLegacyMd5AreAccepted() throws Exception {
        String expire = inAnHour();
        ok(server.post("/base/", base(UploadSignature.hmacSha256(SECRET, expire), expire)));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest((SECRET + expire).getBytes(StandardCharsets.UTF_8)));
        ok(server.post("/base/", base(md5, expire)));
        ok(server.postForm("/group/", "pub_key=" + PUB + "&files[]=" + fileUuid + "&signature=" + md5 + "&expire=" + expire));
        ok(server.postForm("/group/?signature=" + UploadSignature.hmacSha256(SECRET, expire) + "&expire=" + expire,
                "pub_key=" + PUB + "&files[]=" + fileUuid));
    }

    @Test
    void signatureFieldsAfterTheFile() {
        String expire = inAnHour();
        Multipart m = new Multipart().field("UPLOADCARE_PUB_KEY", PUB).file("file", "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8))
                .field("signature", UploadSignature.hmacSha256(SECRET, expire)).field("expire", expire);
        ok(server.post("/base/", m));
        Multipart wrong = new Multipart().field("UPLOADCARE_PUB_KEY", PUB).file("file", "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8))
                .field("signature", "0".repeat(64)).field("expire", expire);
        assertPlainError(server.post("/base/", wrong), 403, "Invalid signature.");
    }

    @Test
    void refusalsOnBase() {
        assertRefusals((signature, expire) -> server.post("/base/", base(signature, expire)),
                (signature, expire) -> server.post("/base/?jsonerrors=1", base(signature, expire)));
    }

    @Test
    void refusalsOnGroup() {
        assertRefusals((signature, expire) -> server.postForm("/group/", group(signature, expire)),
                (signature, expire) -> server.postForm("/group/?jsonerrors=1", group(signature, expire)));
    }

    private static void assertRefusals(BiFunction<String, String, HttpResponse<String>> plain,
                                       BiFunction<String, String, HttpResponse<String>> json) {
        String expire = inAnHour();
        String good = UploadSignature.hmacSha256(SECRET, expire);
        assertPlainError(plain.apply(null, expire), 400, "`signature` is required.");
        assertJsonError(json.apply(null, expire), 400, "SignatureRequiredError", "`signature` is required.");
        assertPlainError(plain.apply(good, null), 400, "`expire` is required.");
        assertJsonError(json.apply(good, null), 400, "SignatureExpirationRequiredError", "`expire` is required.");
        String millis = String.valueOf(Instant.now().plusSeconds(3600).toEpochMilli());
        assertPlainError(plain.apply(UploadSignature.hmacSha256(SECRET, millis), millis), 400, "`expire` must be a UNIX timestamp.");
        assertJsonError(json.apply(good, "tomorrow"), 400, "SignatureExpirationInvalidError", "`expire` must be a UNIX timestamp.");
        String past = String.valueOf(Instant.now().minusSeconds(60).getEpochSecond());
        assertPlainError(plain.apply(UploadSignature.hmacSha256(SECRET, past), past), 403, "Expired signature.");
        assertJsonError(json.apply(UploadSignature.hmacSha256(SECRET, past), past), 403, "SignatureExpirationError", "Expired signature.");
        assertPlainError(plain.apply(good.replace(good.charAt(0), good.charAt(0) == 'a' ? 'b' : 'a'), expire), 403, "Invalid signature.");
        assertJsonError(json.apply(UploadSignature.hmacSha256(TestServer.SECRET, expire), expire), 403, "SignatureInvalidError",
                "Invalid signature.");
        assertPlainError(plain.apply(UploadSignature.hmacSha256(SECRET, inAnHour() + "0"), expire), 403, "Invalid signature.");
    }

    @Test
    void readsNeedNoSignature() {
        assertThat(Wire.info(server, PUB, fileUuid).get("uuid").asText()).isEqualTo(fileUuid);
        String expire = inAnHour();
        String id = ok(server.postForm("/group/", group(UploadSignature.hmacSha256(SECRET, expire), expire))).get("id").asText();
        assertThat(ok(server.get("/group/info/?pub_key=" + PUB + "&group_id=" + id)).get("id").asText()).isEqualTo(id);
    }

    @Test
    void projectsWithoutSignedUploadsIgnoreSignatures() {
        Multipart m = new Multipart().field("UPLOADCARE_PUB_KEY", TestServer.PUB).field("signature", "nonsense").field("expire", "1")
                .file("file", "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8));
        ok(server.post("/base/", m));
    }

    private static String inAnHour() {
        return String.valueOf(Instant.now().plusSeconds(3600).getEpochSecond());
    }

    private static Multipart base(String signature, String expire) {
        Multipart m = new Multipart().field("UPLOADCARE_PUB_KEY", PUB);
        if (signature != null) m.field("signature", signature);
        if (expire != null) m.field("expire", expire);
        return m.file("file", "signed.txt", "text/plain", "signed".getBytes(StandardCharsets.UTF_8));
    }

    private static String group(String signature, String expire) {
        return "pub_key=" + PUB + "&files[]=" + fileUuid + (signature == null ? "" : "&signature=" + signature)
                + (expire == null ? "" : "&expire=" + expire);
    }
}
