package io.satchel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Uploads through the real Upload API and waits for PROCESS, as the JS client does. */
public final class Uploader {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final TestServer server;

    public Uploader(TestServer server) {
        this.server = server;
    }

    /** Uploads {@code content} as {@code filename} for the public key, with UPLOADCARE_STORE = store; returns the uuid. */
    public String upload(String publicKey, String filename, byte[] content, String store) {
        Multipart body = new Multipart().field("UPLOADCARE_PUB_KEY", publicKey).field("UPLOADCARE_STORE", store)
                .file("file", filename, "application/octet-stream", content);
        HttpResponse<String> r = server.post("/base/", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body()).get("file").asText();
    }

    public String upload(String publicKey, String filename, String text, String store) {
        return upload(publicKey, filename, text.getBytes(StandardCharsets.UTF_8), store);
    }

    /** Polls {@code /info/} until {@code is_ready}, for at most 10 seconds; returns the last info. */
    public JsonNode awaitReady(String publicKey, String uuid) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonNode info;
        do {
            HttpResponse<String> r = server.get("/info/?pub_key=" + publicKey + "&file_id=" + uuid);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            info = json(r.body());
            if (info.get("is_ready").asBoolean()) return info;
            sleep(50);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("file " + uuid + " not ready after 10 s: " + info);
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
