package io.satchel.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP exchange as the protocol adapters see it: method, path segments, query, headers, the body as
 * a stream, and ways to answer. Keeps the transport ({@link Exchange}) out of the adapters.
 */
public final class Call {
    private final Exchange x;
    private final String method;
    private final String rawPath;
    private final List<String> segments;
    private final Params query;

    public Call(Exchange exchange) {
        this.x = exchange;
        String override = x.header("X-HTTP-Method-Override");
        String m = x.method().toUpperCase(Locale.ROOT);
        this.method = override != null && m.equals("POST") ? override.trim().toUpperCase(Locale.ROOT) : m;
        this.rawPath = x.rawPath();
        this.segments = split(rawPath);
        this.query = Params.ofQuery(x.rawQuery());
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
        return x.rawQuery();
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
        return x.header(name);
    }

    /** A trailer field of a chunked body, known once the body was read to its end; null otherwise. */
    public String trailer(String name) {
        return x.trailer(name);
    }

    public long contentLength() {
        return x.contentLength();
    }

    /** Whether the request carries a body at all (a length above zero, or chunked). */
    public boolean hasBody() {
        return x.hasBody();
    }

    public InputStream body() {
        return x.body();
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
        return x.remote() instanceof InetSocketAddress a && a.getAddress() != null
                && a.getAddress().isLoopbackAddress();
    }

    /** Whether the client reached us over HTTPS (directly, or through a proxy that says so). */
    public boolean viaHttps() {
        String proto = header("X-Forwarded-Proto");
        return x.secure() || (proto != null && proto.trim().equalsIgnoreCase("https"));
    }

    public Call header(String name, String value) {
        x.responseHeader(name, value);
        return this;
    }

    public void send(int status, String contentType, byte[] body) {
        if (contentType != null) x.responseHeader("Content-Type", contentType);
        x.send(status, body, isHead());
    }

    public void send(int status, String contentType, String body) {
        send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public void sendEmpty(int status) {
        x.send(status, EMPTY, false);
    }

    private static final byte[] EMPTY = new byte[0];

    /** Streams a body of known length; a HEAD request gets the headers only. */
    public void stream(int status, String contentType, long length, InputStream in) throws IOException {
        if (contentType != null) x.responseHeader("Content-Type", contentType);
        try (in; OutputStream out = x.stream(status, length, isHead())) {
            if (!isHead()) in.transferTo(out);
        }
    }

    /** Sends {@code length} bytes of an open file from {@code offset} (zero-copy), and closes it. */
    public void sendFile(int status, String contentType, FileChannel file, long offset, long length) throws IOException {
        if (contentType != null) x.responseHeader("Content-Type", contentType);
        x.sendFile(status, file, offset, length, isHead());
    }

    /** See {@link Exchange#remember}: call before sending. */
    public void remember(String tag) {
        x.remember(tag);
    }

    public boolean isSent() {
        return x.isSent();
    }

    /** The status sent, or 200 while nothing was sent. */
    public int status() {
        return x.status();
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
