package io.satchel.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 connection written by hand, for what java.net.http will not send: pipelined requests,
 * trailers, malformed or slow heads, a body held back until {@code 100 Continue}. Responses are parsed as
 * a client must (RFC 9112 §6.3), so a response framed wrongly shows up as garbage in the next one. Every
 * read is bounded by a socket timeout: a server that goes quiet fails the test instead of hanging it.
 */
public final class RawHttp implements AutoCloseable {
    private static final int TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private boolean ended;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawHttp connect(int port) {
        try {
            return new RawHttp(new Socket("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request head: {@code method target HTTP/1.1}, a Host, the given header name/value pairs, the blank line. */
    public static String head(String method, String target, String... headers) {
        StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < headers.length; i += 2) b.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        return b.append("\r\n").toString();
    }

    public RawHttp send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code bytes} one at a time, waiting up to {@code pause} between two for the server to answer
     * or hang up; stops at the first sign of either (or when a write fails). Answers how many were sent.
     */
    public int trickle(byte[] bytes, Duration pause) {
        for (int i = 0; i < bytes.length; i++) {
            try {
                out.write(bytes[i]);
                out.flush();
            } catch (IOException e) {
                return i;
            }
            if (heardWithin(pause)) return i + 1;
        }
        return bytes.length;
    }

    /** The next response; a body framed by Content-Length, chunked coding, or the end of the connection. */
    public Response response() {
        return read(false);
    }

    /** The next response, to a HEAD request: whatever its Content-Length says, no body follows. */
    public Response responseToHead() {
        return read(true);
    }

    /**
     * Whether the server ends the connection (an orderly end or a reset) within {@code within}; false if
     * it is still open then. Bytes arriving instead fail the test: nothing more was expected.
     */
    public boolean closed(Duration within) {
        if (!heardWithin(within)) return false;
        if (pos < limit) {
            throw new AssertionError("expected the connection to end, the server sent: "
                    + new String(buf, pos, limit - pos, StandardCharsets.ISO_8859_1));
        }
        return true;
    }

    /** Whether bytes or the end of the connection arrived within {@code d} (nothing is consumed). */
    private boolean heardWithin(Duration d) {
        if (pos < limit || ended) return true;
        try {
            socket.setSoTimeout((int) Math.max(1, d.toMillis()));
            try {
                return fill();
            } finally {
                socket.setSoTimeout(TIMEOUT_MS);
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads more into the buffer; false on a timeout, true on bytes or the end (an orderly close or a reset). */
    private boolean fill() throws IOException {
        if (pos == limit) {
            pos = 0;
            limit = 0;
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) ended = true;
            else limit += n;
        } catch (SocketException e) {
            ended = true; // reset by the server: for a client, the connection is over
        }
        return true;
    }

    private int next() {
        try {
            while (pos == limit) {
                if (ended) return -1;
                fill();
            }
            return buf[pos++] & 0xff;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT_MS + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String line() {
        StringBuilder b = new StringBuilder();
        for (int c; (c = next()) != '\n'; ) {
            if (c < 0) throw new AssertionError("the connection ended inside a line: " + b);
            b.append((char) c);
        }
        int end = b.length();
        if (end > 0 && b.charAt(end - 1) == '\r') b.setLength(end - 1);
        return b.toString();
    }

    private byte[] bytes(long n) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (long i = 0; i < n; i++) {
            int c = next();
            if (c < 0) throw new AssertionError("the connection ended after " + i + " of " + n + " body bytes");
            body.write(c);
        }
        return body.toByteArray();
    }

    private Response read(boolean toHead) {
        String status = line();
        if (!status.startsWith("HTTP/1.") || status.length() < 12) throw new AssertionError("not a status line: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, List<String>> headers = fields();
        Response head = new Response(code, headers, new byte[0], Map.of());
        String length = head.header("Content-Length");
        String coding = head.header("Transfer-Encoding");
        if (toHead || code < 200 || code == 204 || code == 304) return head;
        if (coding != null && coding.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (long size; (size = Long.parseLong(line().split(";", 2)[0].strip(), 16)) > 0; ) {
                body.writeBytes(bytes(size));
                if (!line().isEmpty()) throw new AssertionError("a chunk did not end with CRLF");
            }
            return new Response(code, headers, body.toByteArray(), fields());
        }
        if (length != null) return new Response(code, headers, bytes(Long.parseLong(length.strip())), Map.of());
        ByteArrayOutputStream body = new ByteArrayOutputStream(); // delimited by the end of the connection
        for (int c; (c = next()) >= 0; ) body.write(c);
        return new Response(code, headers, body.toByteArray(), Map.of());
    }

    private Map<String, List<String>> fields() {
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String l; !(l = line()).isEmpty(); ) {
            int colon = l.indexOf(':');
            if (colon <= 0) throw new AssertionError("not a header field: " + l);
            fields.computeIfAbsent(l.substring(0, colon), k -> new ArrayList<>()).add(l.substring(colon + 1).strip());
        }
        return fields;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** A parsed response: header names are case-insensitive; trailers only for a chunked body. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body, Map<String, List<String>> trailers) {
        /** The first value of the field, or null. */
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null ? null : v.getFirst();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + (body.length < 200 ? text() : body.length + " bytes");
        }
    }
}
