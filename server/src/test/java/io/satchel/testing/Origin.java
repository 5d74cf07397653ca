package io.satchel.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP origin on a loopback address for fetch tests (the JDK's server, a virtual thread per
 * exchange, so slow answers hold nobody up). Tests register what each path answers and count hits.
 */
public final class Origin implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final String host;

    private Origin(String address) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        host = address;
        server.setExecutor(executor);
        server.start();
    }

    /** An origin on 127.0.0.1. */
    public static Origin start() {
        return new Origin("127.0.0.1");
    }

    /** An origin on another loopback address (e.g. 127.0.0.2, which a test may pretend is public). */
    public static Origin startOn(String loopbackAddress) {
        return new Origin(loopbackAddress);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://" + host + ":" + port() + path;
    }

    /** {@code path} (and everything under it) answers with {@code handler}. */
    public Origin serve(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                handler.handle(exchange);
            } catch (IOException e) {
                // the fetcher hung up: expected when it refuses what it is sent
            }
        });
        return this;
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // --- answers

    /** The bytes with a Content-Length and the given headers. */
    public static HttpHandler bytes(byte[] data, String... headers) {
        return exchange -> {
            headers(exchange, headers);
            exchange.sendResponseHeaders(200, data.length == 0 ? -1 : data.length);
            exchange.getResponseBody().write(data);
        };
    }

    /** The bytes chunked, no Content-Length. */
    public static HttpHandler chunked(byte[] data) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(data);
        };
    }

    /** Bytes forever (chunked) until the client goes away or {@code limit} bytes are sent. */
    public static HttpHandler endless(long limit) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = data(64 * 1024, 1);
            OutputStream out = exchange.getResponseBody();
            for (long sent = 0; sent < limit; sent += chunk.length) out.write(chunk);
        };
    }

    /** Headers at once, then one byte every {@code everyMillis}, {@code count} times. */
    public static HttpHandler trickle(int count, long everyMillis) {
        return exchange -> {
            exchange.sendResponseHeaders(200, count);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < count; i++) {
                out.write('x');
                out.flush();
                sleep(everyMillis);
            }
        };
    }

    /** Headers at once, then silence for {@code millis}. */
    public static HttpHandler stall(long millis) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 10);
            exchange.getResponseBody().flush();
            sleep(millis);
        };
    }

    public static HttpHandler status(int code) {
        return exchange -> exchange.sendResponseHeaders(code, -1);
    }

    public static HttpHandler redirect(int code, String location) {
        return exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(code, -1);
        };
    }

    // --- data

    /** {@code size} reproducible pseudo-random bytes. */
    public static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void headers(HttpExchange exchange, String... pairs) {
        for (int i = 0; i + 1 < pairs.length; i += 2) exchange.getResponseHeaders().set(pairs[i], pairs[i + 1]);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
