package io.satchel.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A REST client for tests that signs like the official ones: JS-RC style ({@code X-Uploadcare-Date},
 * {@code Content-Type: application/json} on every call) over java.net.http, and, for the {@code Date}
 * header that java.net.http will not send, a plain HTTP/1.1 exchange over a socket.
 */
final class RestClient {
    static final String V7 = "application/vnd.uploadcare-v0.7+json";
    static final String V6 = "application/vnd.uploadcare-v0.6+json";
    static final String V5 = "application/vnd.uploadcare-v0.5+json";
    static final DateTimeFormatter JS_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    static final DateTimeFormatter JAVA_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);
    static final DateTimeFormatter PY_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy, HH:mm:ss 'GMT'", Locale.US);

    private final TestServer server;
    private final String publicKey;
    private final String secret;

    RestClient(TestServer server, String publicKey, String secret) {
        this.server = server;
        this.publicKey = publicKey;
        this.secret = secret;
    }

    /** A response: status, headers (lower-case names) and body. */
    record Reply(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            return Uploader.json(body);
        }

        String detail() {
            return json().path("detail").asText(null);
        }

        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        String contentType() {
            return header("content-type");
        }
    }

    static String now(DateTimeFormatter format) {
        return format.format(ZonedDateTime.now(ZoneOffset.UTC));
    }

    Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery, "");
    }

    Reply put(String pathAndQuery, String body) {
        return send("PUT", pathAndQuery, body);
    }

    Reply delete(String pathAndQuery) {
        return send("DELETE", pathAndQuery, "");
    }

    /** Signed as JS-RC signs: X-Uploadcare-Date now, Content-Type application/json, Accept v0.7. */
    Reply send(String method, String pathAndQuery, String body) {
        return signed(method, pathAndQuery, body, V7);
    }

    Reply signed(String method, String pathAndQuery, String body, String accept) {
        String date = now(JS_DATE);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", accept);
        h.put("Content-Type", "application/json");
        h.put("X-Uploadcare-Date", date);
        h.put("Authorization", signature(method, pathAndQuery, body, "application/json", date));
        return http(method, pathAndQuery, body, h);
    }

    Reply simple(String method, String pathAndQuery, String body, Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", V7);
        h.put("Content-Type", "application/json");
        h.put("Authorization", "Uploadcare.Simple " + publicKey + ":" + secret);
        h.putAll(extra);
        return http(method, pathAndQuery, body, h);
    }

    String signature(String method, String pathAndQuery, String body, String contentType, String date) {
        String sign = RestAuth.signString(method, body.getBytes(StandardCharsets.UTF_8), contentType, date, pathAndQuery);
        return "Uploadcare " + publicKey + ":" + RestAuth.sign(secret, sign);
    }

    /** Any request with exactly these headers, over java.net.http. */
    Reply http(String method, String pathAndQuery, String body, Map<String, String> headers) {
        var b = HttpRequest.newBuilder(server.uri(pathAndQuery)).method(method,
                body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        HttpResponse<String> r = server.send(b.build());
        Map<String, List<String>> h = new TreeMap<>();
        r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        return new Reply(r.statusCode(), h, r.body());
    }

    /** Any request with exactly these headers, written by hand over a socket (so it may carry {@code Date}). */
    Reply raw(String method, String pathAndQuery, String body, Map<String, String> headers) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\nContent-Length: " + content.length + "\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        try (Socket s = new Socket("127.0.0.1", server.satchel().port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return read(s.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one response: headers, then Content-Length bytes or chunks (the server may keep the socket open). */
    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) throw new IOException("connection closed in the headers");
            head.write(c);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).trim().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> h = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            h.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), List.of(lines[i].substring(colon + 1).trim()));
        }
        byte[] body;
        List<String> te = h.get("transfer-encoding");
        List<String> length = h.get("content-length");
        if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
            body = unchunk(in);
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else {
            body = in.readAllBytes();
        }
        return new Reply(status, h, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) return out.toByteArray();
                if (c != '\r') line.append((char) c);
            }
            int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
            if (size == 0) return out.toByteArray();
            out.write(in.readNBytes(size));
            in.readNBytes(2);
        }
    }
}
