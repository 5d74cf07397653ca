package io.satchel.api.upload;

import static io.satchel.api.upload.Wire.ok;
import static io.satchel.testing.TestServer.PUB;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.Multipart;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a browser needs from the Upload API (spec §1): preflights, open CORS, paths with or without slash, any Host. */
class UploadCorsTest {
    private static final String ORIGIN = "https://app.example.com";
    private static TestServer server;
    private static String uuid;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        uuid = new Uploader(server).upload(PUB, "c.txt", "cors", "1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void preflightAllowsTheClientHeader() {
        for (String path : List.of("/base/", "/base", "/info/", "/group/", "/group/info/")) {
            HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri(path))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", ORIGIN)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "x-uc-user-agent")
                    .build());
            assertThat(r.statusCode()).as(path).isBetween(200, 299);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValueSatisfying(v -> assertThat(v).isIn("*", ORIGIN));
            assertThat(lower(r, "Access-Control-Allow-Headers")).as(path).contains("x-uc-user-agent");
            assertThat(lower(r, "Access-Control-Allow-Methods")).as(path).contains("post");
        }
    }

    @Test
    void preflightWithoutAskedHeadersStillAllowsThem() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/base/"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST").build());
        assertThat(r.statusCode()).isBetween(200, 299);
        assertThat(lower(r, "Access-Control-Allow-Headers")).contains("x-uc-user-agent").contains("content-type");
    }

    @Test
    void responsesAreOpenAndExposeRetryAfter() {
        Multipart m = new Multipart().field("UPLOADCARE_PUB_KEY", PUB).file("file", "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> upload = server.send(HttpRequest.newBuilder(server.uri("/base/?jsonerrors=1"))
                .header("Origin", ORIGIN).header("X-UC-User-Agent", "UploadcareUploadClient/6.19.0/" + PUB + " (JavaScript)")
                .header("Content-Type", m.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(m.bytes())).build());
        assertOpen(upload);
        assertOpen(server.get("/info/?pub_key=" + PUB + "&file_id=" + uuid));
        assertOpen(server.get("/info/?pub_key=" + PUB)); // errors too
        assertOpen(server.get("/info/?jsonerrors=1&pub_key=" + PUB));
    }

    private static void assertOpen(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(lower(r, "Access-Control-Expose-Headers")).contains("retry-after");
    }

    @Test
    void pathsWithAndWithoutTrailingSlash() {
        Multipart m = new Multipart().field("UPLOADCARE_PUB_KEY", PUB).file("file", "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8));
        assertThat(ok(server.post("/base", m)).get("file").asText()).matches(Wire.UUID);
        assertThat(ok(server.get("/info?pub_key=" + PUB + "&file_id=" + uuid)).get("uuid").asText()).isEqualTo(uuid);
        String id = ok(server.postForm("/group", "pub_key=" + PUB + "&files[]=" + uuid)).get("id").asText();
        assertThat(ok(server.get("/group/info?pub_key=" + PUB + "&group_id=" + id)).get("id").asText()).isEqualTo(id);
    }

    @Test
    void hostHeaderDoesNotChangeRouting() throws IOException {
        for (String host : List.of("upload.uploadcare.com", "api.uploadcare.com", "ucarecdn.com")) {
            String response = raw("GET /info/?pub_key=" + PUB + "&file_id=" + uuid + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(response).as(host).startsWith("HTTP/1.1 200");
            assertThat(response).contains("\"uuid\":\"" + uuid + "\"");
        }
    }

    private static String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.satchel().port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            var in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) break;
                head.append((char) b);
            }
            var length = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
            byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
            return head + new String(body, StandardCharsets.UTF_8);
        }
    }

    private static String lower(HttpResponse<String> r, String header) {
        return String.join(",", r.headers().allValues(header)).toLowerCase(Locale.ROOT);
    }
}
