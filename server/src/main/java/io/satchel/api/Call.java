package io.satchel.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP exchange as the protocol adapters see it: method, path segments, query, headers, the body as
 * a stream, and ways to answer. Keeps Helidon out of the adapters' business logic.
 */
public final class Call {
    private final ServerRequest req;
    private final ServerResponse res;
    private final String method;
    private final String rawPath;
    private final List<String> segments;
    private final Params query;

    Call(ServerRequest req, ServerResponse res) {
        this.req = req;
        this.res = res;
        String override = req.headers().first(HeaderNames.create("X-HTTP-Method-Override")).orElse(null);
        String m = req.prologue().method().text().toUpperCase(Locale.ROOT);
        this.method = override != null && m.equals("POST") ? override.trim().toUpperCase(Locale.ROOT) : m;
        this.rawPath = req.path().rawPath();
        this.segments = split(rawPath);
        this.query = Params.ofQuery(req.query().rawValue());
    }

    public String method() {
        return method;
    }

    public boolean isHead() {
        return method.equals("HEAD");
    }

    public String rawPath() {
        return rawPath;
    }

    public String rawQuery() {
        return req.query().rawValue();
    }

    /** The path's segments, percent-decoded; empty segments dropped, so a trailing slash is optional. */
    public List<String> segments() {
        return segments;
    }

    public String segment(int i) {
        return i < segments.size() ? segments.get(i) : null;
    }

    public boolean hasTrailingSlash() {
        return rawPath.endsWith("/");
    }

    public Params query() {
        return query;
    }

    public String header(String name) {
        return req.headers().first(HeaderNames.create(name)).orElse(null);
    }

    public long contentLength() {
        return req.headers().contentLength().orElse(-1L);
    }

    /** Whether the request carries a body at all (a length above zero, or chunked). */
    public boolean hasBody() {
        return req.content().hasEntity();
    }

    public InputStream body() {
        return req.content().inputStream();
    }

    /** The whole body when it is at most {@code max} bytes; longer bodies raise {@link BodyTooLarge}. */
    public byte[] smallBody(int max) throws IOException {
        long declared = contentLength();
        if (declared > max) throw new BodyTooLarge();
        try (InputStream in = body()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) != -1) {
                out.write(buf, 0, n);
                if (out.size() > max) throw new BodyTooLarge();
            }
            return out.toByteArray();
        }
    }

    /** Thrown by {@link #smallBody} for a body over its limit. */
    public static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("request body too large");
        }
    }

    public boolean fromLoopback() {
        return req.remotePeer().address() instanceof InetSocketAddress a && a.getAddress() != null
                && a.getAddress().isLoopbackAddress();
    }

    /** Whether the client reached us over HTTPS (directly, or through a proxy that says so). */
    public boolean viaHttps() {
        String proto = header("X-Forwarded-Proto");
        return req.isSecure() || (proto != null && proto.trim().equalsIgnoreCase("https"));
    }

    public Call header(String name, String value) {
        res.header(name, value);
        return this;
    }

    public void send(int status, String contentType, byte[] body) {
        res.status(status);
        if (contentType != null) res.header(HeaderNames.CONTENT_TYPE, contentType);
        if (isHead()) {
            res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length));
            res.send();
        } else {
            res.send(body);
        }
    }

    public void send(int status, String contentType, String body) {
        send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public void sendEmpty(int status) {
        res.status(status);
        res.send();
    }

    /** Streams a body of known length; a HEAD request gets the headers only. */
    public void stream(int status, String contentType, long length, InputStream in) throws IOException {
        res.status(status);
        if (contentType != null) res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(length));
        if (isHead()) {
            in.close();
            res.send();
            return;
        }
        try (in; var out = res.outputStream()) {
            in.transferTo(out);
        }
    }

    public boolean isSent() {
        return res.isSent();
    }

    private static List<String> split(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (s.isEmpty()) continue;
            try {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }
}
