package io.satchel.api.cdn;

import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;

/** Requests to the CDN of a test server, with optional extra headers as name/value pairs. */
final class CdnClient {
    private final TestServer server;

    CdnClient(TestServer server) {
        this.server = server;
    }

    HttpResponse<byte[]> get(String path, String... headers) {
        return server.sendForBytes(request(path, headers).GET().build());
    }

    HttpResponse<byte[]> head(String path, String... headers) {
        return server.sendForBytes(request(path, headers).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<byte[]> send(String method, String path) {
        return server.sendForBytes(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return b;
    }

    /** Creates a group through the real Upload API ({@code files[N]} form fields); returns its id. */
    String createGroup(String pubKey, List<String> entries) {
        StringBuilder form = new StringBuilder("pub_key=").append(pubKey);
        for (int i = 0; i < entries.size(); i++) {
            form.append("&files%5B").append(i).append("%5D=").append(URLEncoder.encode(entries.get(i), StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = server.postForm("/group/", form.toString());
        if (r.statusCode() != 200) throw new AssertionError("group not created: " + r.body());
        return Uploader.json(r.body()).get("id").asText();
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A small valid PNG, drawn in code. */
    static byte[] png() {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        image.setRGB(2, 1, 0x00ff00);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
