package io.satchel.api.upload;

import static io.satchel.api.upload.Wire.assertJsonError;
import static io.satchel.api.upload.Wire.assertPlainError;
import static io.satchel.api.upload.Wire.ok;
import static io.satchel.testing.TestServer.PUB;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.Multipart;
import io.satchel.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's cap on a direct-upload request (spec §2.3.1: 413, not the per-project 400). */
class UploadLimitsTest {
    private static final int CAP = 8192;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(s -> s.withMaxDirectUploadBytes(CAP));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Multipart upload(int size) {
        return new Multipart().field("UPLOADCARE_PUB_KEY", PUB).file("file", "f.bin", "application/octet-stream", new byte[size]);
    }

    @Test
    void declaredLengthOverTheCap() {
        var before = Wire.blobs(server);
        assertPlainError(server.post("/base/", upload(CAP * 2)), 413, "The size of the request is too large.");
        assertJsonError(server.post("/base/?jsonerrors=1", upload(CAP * 2)), 413, "RequestSizeLimitExceededError",
                "The size of the request is too large.");
        assertThat(Wire.blobs(server)).isEqualTo(before);
    }

    @Test
    void chunkedBodyOverTheCap() {
        var before = Wire.blobs(server);
        Multipart m = upload(CAP * 2);
        HttpRequest chunked = HttpRequest.newBuilder(server.uri("/base/")).header("Content-Type", m.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(m.bytes()))).build();
        assertPlainError(server.send(chunked), 413, "The size of the request is too large.");
        assertThat(Wire.blobs(server)).isEqualTo(before);
    }

    @Test
    void underTheCapIsFine() {
        ok(server.post("/base/", upload(CAP - 500)));
        Multipart m = upload(CAP - 500);
        HttpRequest chunked = HttpRequest.newBuilder(server.uri("/base/")).header("Content-Type", m.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(m.bytes()))).build();
        ok(server.send(chunked));
    }
}
