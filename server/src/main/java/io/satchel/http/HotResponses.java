package io.satchel.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.IllegalReferenceCountException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Whole answers kept encoded, to be sent again from the event loop without a thread, a lookup or an
 * encoder: the bytes of the status line and headers, and the body. A handler marks an answer as
 * rememberable ({@link io.satchel.api.Exchange#remember}); the same request (path, query and
 * {@code Accept}) within {@code ttl} gets the same bytes, with a fresh {@code Date}. Requests with
 * conditions or ranges, and anything but a keep-alive GET without a body, take the usual way. Entries
 * carry a tag (a file's uuid) so that removing the file forgets them at once.
 */
public final class HotResponses {
    private static final byte[] DATE = "Date: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    record Entry(ByteBuf head, ByteBuf body, String tag, long expiresAt) {
        int weight() {
            return head.readableBytes() + body.readableBytes() + 64;
        }
    }

    private final Cache<String, Entry> cache;
    private final long ttlNanos;
    private final int maxBodyBytes;
    private volatile Runnable onHit = () -> {};

    /** Keeps up to {@code maxBytes} of answers of at most {@code maxBodyBytes} each, for {@code ttl}. */
    public HotResponses(long maxBytes, int maxBodyBytes, Duration ttl) {
        this.ttlNanos = ttl.toNanos();
        this.maxBodyBytes = maxBodyBytes;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String k, Entry e) -> e.weight())
                // A send in progress holds its own reference (see send): releasing here frees nothing under it.
                .removalListener((String k, Entry e, RemovalCause c) -> {
                    if (e != null) {
                        e.head().release();
                        e.body().release();
                    }
                })
                .build();
    }

    /** Called for every answer given from here (for the request metrics). */
    public void onHit(Runnable r) {
        this.onHit = r;
    }

    /** Forgets every answer (this node may have missed news of removals). */
    public void clear() {
        cache.invalidateAll();
    }

    /** Forgets every answer tagged {@code tag}. */
    public void forget(String tag) {
        cache.asMap().values().removeIf(e -> e.tag().equals(tag));
    }

    static String key(HttpRequest req) {
        String accept = req.headers().get(HttpHeaderNames.ACCEPT);
        return accept == null ? req.uri() : req.uri() + '\n' + accept;
    }

    /** Whether a request may be answered from here at all (before looking it up). */
    static boolean eligible(HttpRequest req) {
        HttpHeaders h = req.headers();
        return req.method() == io.netty.handler.codec.http.HttpMethod.GET
                && !h.contains(HttpHeaderNames.RANGE) && !h.contains(HttpHeaderNames.IF_NONE_MATCH)
                && !h.contains(HttpHeaderNames.IF_RANGE) && !h.contains(HttpHeaderNames.IF_MODIFIED_SINCE)
                && !h.contains(HttpHeaderNames.CONTENT_LENGTH) && !h.contains(HttpHeaderNames.TRANSFER_ENCODING)
                && !h.contains("X-HTTP-Method-Override")
                && io.netty.handler.codec.http.HttpUtil.isKeepAlive(req)
                && req.protocolVersion() == io.netty.handler.codec.http.HttpVersion.HTTP_1_1;
    }

    /**
     * Writes the kept answer to {@code req} to {@code ctx} (the encoder skipped) and flushes; false when
     * there is none, or it expired, or it was evicted in this very moment.
     */
    boolean send(HttpRequest req, ChannelHandlerContext ctx) {
        String key = key(req);
        Entry e = cache.getIfPresent(key);
        if (e == null) return false;
        if (System.nanoTime() - e.expiresAt() > 0) {
            cache.asMap().remove(key, e);
            return false;
        }
        ByteBuf head;
        ByteBuf body;
        try {
            head = e.head().retainedDuplicate();
        } catch (IllegalReferenceCountException evicted) {
            return false;
        }
        try {
            body = e.body().retainedDuplicate();
        } catch (IllegalReferenceCountException evicted) {
            head.release();
            return false;
        }
        byte[] date = HttpDates.now().getBytes(StandardCharsets.US_ASCII);
        ByteBuf dateLine = ctx.alloc().directBuffer(DATE.length + date.length + 4)
                .writeBytes(DATE).writeBytes(date).writeBytes(CRLF).writeBytes(CRLF);
        ctx.write(head, ctx.voidPromise());
        ctx.write(dateLine, ctx.voidPromise());
        ctx.writeAndFlush(body, ctx.voidPromise());
        onHit.run();
        return true;
    }

    /** Keeps a 200 answer to {@code req}: {@code headers} without Date and Connection, then {@code body}. */
    void keep(HttpRequest req, String tag, int status, HttpHeaders headers, byte[] body) {
        if (status != 200 || body.length > maxBodyBytes || !eligible(req)) return;
        StringBuilder head = new StringBuilder(512).append("HTTP/1.1 200 OK\r\n");
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("date") || name.equalsIgnoreCase("connection")) continue;
            head.append(name).append(": ").append(h.getValue()).append("\r\n");
        }
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuf h = PooledByteBufAllocator.DEFAULT.directBuffer(headBytes.length).writeBytes(headBytes);
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(body.length).writeBytes(body);
        cache.put(key(req), new Entry(h, b, tag, System.nanoTime() + ttlNanos));
    }
}
