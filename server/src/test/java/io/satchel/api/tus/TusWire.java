package io.satchel.api.tus;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

/** What a tus client sends and sees, over real HTTP: small request helpers and assertions. */
final class TusWire {
    static final String OFFSET_STREAM = "application/offset+octet-stream";

    private TusWire() {}

    /** An {@code Upload-Metadata} value from key, value pairs. */
    static String meta(String... keyValues) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (!b.isEmpty()) b.append(',');
            b.append(keyValues[i]).append(' ')
                    .append(Base64.getEncoder().encodeToString(keyValues[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return b.toString();
    }

    static HttpRequest.Builder request(TestServer server, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Tus-Resumable", "1.0.0");
        for (int i = 0; i < headers.length; i += 2) b.setHeader(headers[i], headers[i + 1]);
        return b;
    }

    static HttpResponse<String> create(TestServer server, String... headers) {
        return server.send(request(server, "/tus/", headers).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Creates an upload of {@code length} bytes for {@code metadata}; answers its path {@code /tus/<uuid>}. */
    static String created(TestServer server, long length, String metadata) {
        HttpResponse<String> r = create(server, "Upload-Length", String.valueOf(length), "Upload-Metadata", metadata);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return pathOf(r.headers().firstValue("Location").orElseThrow());
    }

    static String pathOf(String location) {
        return URI.create(location).getPath();
    }

    static String uuidOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static HttpResponse<String> head(TestServer server, String path) {
        return server.send(request(server, path).HEAD().build());
    }

    static long offset(TestServer server, String path) {
        HttpResponse<String> r = head(server, path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
    }

    static HttpResponse<String> patch(TestServer server, String path, long offset, byte[] body, String... headers) {
        HttpRequest.Builder b = request(server, path, "Content-Type", OFFSET_STREAM, "Upload-Offset", String.valueOf(offset));
        for (int i = 0; i < headers.length; i += 2) b.setHeader(headers[i], headers[i + 1]);
        return server.send(b.method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    static HttpResponse<String> delete(TestServer server, String path) {
        return server.send(request(server, path).DELETE().build());
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String digest(String algorithm, byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file's original bytes from the CDN. */
    static byte[] original(String base, String uuid) {
        HttpResponse<byte[]> r;
        try {
            r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/" + uuid + "/"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /**
     * A PATCH written on a raw socket: the headers announce {@code declared} bytes, only {@code sent} are
     * written; the socket stays open for the caller to finish or close (a cut-off body).
     */
    static Socket startPatch(int port, String path, long offset, long declared, byte[] sent, String... headers)
            throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        StringBuilder extra = new StringBuilder();
        for (int i = 0; i < headers.length; i += 2) extra.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nTus-Resumable: 1.0.0\r\n"
                + "Content-Type: " + OFFSET_STREAM + "\r\nUpload-Offset: " + offset + "\r\nContent-Length: " + declared
                + "\r\n" + extra + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(sent);
        out.flush();
        return socket;
    }

    /** The status line's code of the answer on a raw socket. */
    static int status(Socket socket) throws IOException {
        byte[] head = socket.getInputStream().readNBytes(12);
        return Integer.parseInt(new String(head, StandardCharsets.US_ASCII).substring(9, 12));
    }

    /** Polls HEAD until the offset is {@code expected}, for at most 10 seconds. */
    static void awaitOffset(TestServer server, String path, long expected) {
        Instant deadline = Instant.now().plusSeconds(10);
        long seen;
        do {
            seen = offset(server, path);
            if (seen == expected) return;
            sleep(50);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("offset stayed " + seen + ", expected " + expected);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
