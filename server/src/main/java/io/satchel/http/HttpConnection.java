package io.satchel.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.satchel.api.Exchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. Its event loop decodes requests and feeds bodies; each request is handled on
 * a virtual thread, one at a time and in order (pipelined requests wait their turn). Everything a
 * stranger can hold open is bounded: the head must arrive in time, a body must keep a minimum rate, an
 * idle connection is closed, and a body is never buffered beyond {@link BodyStream#HIGH_WATER}.
 *
 * <p>Fields without a lock are touched only on the event loop.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);
    /** An unread body up to this size is read and dropped after an early answer; past it, the connection closes. */
    static final long DRAIN_MAX = 1024 * 1024;
    static final int MAX_HEADERS = 100;
    private static final long TICK_MS = 500;
    /** How long a connection closing under an unread body keeps taking (and dropping) it, so the client reads the answer. */
    private static final long LINGER_MS = 5000;

    private final HttpServer server;
    private final HttpServer.Limits limits;
    private ChannelHandlerContext ctx;
    private final ArrayDeque<NettyExchange> queue = new ArrayDeque<>();
    /** The exchange whose body bytes are arriving (also after it was answered, while its body drains). */
    private NettyExchange receiving;
    private long drainedFrom = -1;
    private long headStarted;
    private long lastActivity = System.nanoTime();
    private long windowStart = System.nanoTime();
    private long windowBytes;
    private boolean pausedForBody;
    private boolean pausedForPipeline;
    private boolean closing;
    private volatile boolean lingering;
    private ScheduledFuture<?> ticker;
    /** A refusal of a request that came while another was still answering: sent once that one is out. */
    private Runnable refusal;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final Condition writable = writeLock.newCondition();

    HttpConnection(HttpServer server, HttpServer.Limits limits) {
        this.server = server;
        this.limits = limits;
    }

    Channel channel() {
        return ctx.channel();
    }

    // ---- the event loop

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ticker = ctx.executor().scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    /** Whether raw bytes are dropped before the decoder (closing, after the answer). */
    boolean lingering() {
        return lingering;
    }

    /** Raw bytes arrived (seen before the decoder). */
    void bytesRead(int n) {
        long now = System.nanoTime();
        lastActivity = now;
        windowBytes += n;
        if (receiving == null && headStarted == 0) headStarted = now;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            headStarted = 0;
            if (req.decoderResult().isFailure()) {
                refuse(req.decoderResult().cause());
                ReferenceCountUtil.release(msg);
                return;
            }
            if (req.headers().size() > MAX_HEADERS) {
                refuse(new TooLongHttpHeaderException("more than " + MAX_HEADERS + " header fields"));
                ReferenceCountUtil.release(msg);
                return;
            }
            if (queue.isEmpty() && answeredHot(req)) {
                ReferenceCountUtil.release(msg);
                return; // its empty last content finds no one receiving, and is dropped
            }
            NettyExchange x = new NettyExchange(this, req, limits.bodyStall().toNanos());
            receiving = x;
            drainedFrom = -1;
            windowStart = System.nanoTime();
            windowBytes = 0;
            queue.add(x);
            if (queue.size() == 1) start(x);
        }
        if (msg instanceof HttpContent c) {
            NettyExchange x = receiving;
            if (x == null) {
                c.release();
                return;
            }
            if (c.decoderResult().isFailure()) {
                c.release();
                x.bodyStream().fail(new Exchange.MalformedBody("malformed chunked body: " + c.decoderResult().cause().getMessage()));
                receiving = null;
                closing = true; // the framing is lost: nothing after this can be read
                if (queue.isEmpty()) ctx.close();
                return;
            }
            x.bodyStream().offer(c.content());
            if (drainedFrom >= 0 && x.bodyStream().received() - drainedFrom > DRAIN_MAX) {
                closing = true; // answered early, and the client keeps sending: stop taking it
                linger();
                return;
            }
            if (c instanceof LastHttpContent last) {
                if (!last.trailingHeaders().isEmpty()) x.trailers(last.trailingHeaders());
                x.bodyStream().end();
                receiving = null;
                if (!queue.isEmpty() && queue.peek() != x) {
                    pausedForPipeline = true; // a whole request waits: read no more until its turn
                    updateReading();
                }
            }
        }
    }

    /** A request answered from {@link HotResponses} right here, already encoded; nothing else is waiting to answer. */
    private boolean answeredHot(HttpRequest req) {
        HotResponses hot = server.hot();
        if (hot == null || server.draining() || !HotResponses.eligible(req)) return false;
        // Written from this handler's place in the pipeline: past the encoder, straight to the socket.
        if (!hot.send(req, ctx)) return false;
        receiving = null;
        lastActivity = System.nanoTime();
        return true;
    }

    HotResponses hot() {
        return server.hot();
    }

    private void start(NettyExchange x) {
        server.dispatch(() -> run(x));
    }

    /** On the exchange's virtual thread. */
    private void run(NettyExchange x) {
        try {
            server.handler().handle(x);
        } catch (Throwable e) {
            LOG.error("{} {} failed", x.method(), x.rawPath(), e);
        }
        if (!x.isSent()) {
            try {
                x.responseHeader("Content-Type", "text/plain; charset=utf-8");
                x.send(500, "Internal server error.".getBytes(StandardCharsets.UTF_8), false);
            } catch (RuntimeException e) {
                LOG.debug("answering 500: {}", e.toString());
            }
        }
        ctx.executor().execute(() -> completed(x));
    }

    private void completed(NettyExchange x) {
        queue.poll();
        lastActivity = System.nanoTime();
        ChannelFuture last = x.lastWrite();
        if (refusal != null && !x.broken()) {
            closing = true;
            Runnable r = refusal;
            refusal = null;
            r.run(); // written after the answer just sent, then the connection closes
            return;
        }
        if (x.closeAfter() || x.broken() || closing) {
            closing = true;
            if (receiving != null && !x.broken() && last != null) last.addListener(f -> linger());
            else closeAfter(last);
            return;
        }
        if (receiving == x) {
            // Answered before its body was read: drop the rest as it comes, up to a limit.
            drainedFrom = x.bodyStream().received();
            x.bodyStream().discard();
        }
        if (pausedForPipeline) {
            pausedForPipeline = false;
            updateReading();
        }
        NettyExchange next = queue.peek();
        if (next != null) {
            start(next);
        } else if (server.draining() && receiving == null) {
            closing = true;
            closeAfter(last);
        }
    }

    /** Closes once {@code last} is written (at once when nothing was). */
    private void closeAfter(ChannelFuture last) {
        if (last != null) last.addListener(ChannelFutureListener.CLOSE);
        else ctx.close();
    }

    /** Whether the response of {@code x} may leave the connection open; on the handler's thread. */
    boolean mayKeepAlive(NettyExchange x) {
        if (closing || server.draining() || !HttpUtil.isKeepAlive(x.request())) return false;
        BodyStream body = x.bodyStream();
        if (body.ended()) return true;
        if (HttpUtil.is100ContinueExpected(x.request()) && !body.asked()) return false; // the body may never come
        long declared = HttpUtil.isTransferEncodingChunked(x.request()) ? 0 : HttpUtil.getContentLength(x.request(), 0L);
        return declared - body.received() <= DRAIN_MAX;
    }

    /** What a body stream asks of this connection. */
    BodyStream.Flow flowFor(NettyExchange x) {
        return new BodyStream.Flow() {
            @Override
            public void wanted() {
                if (HttpUtil.is100ContinueExpected(x.request()) && !x.isSent()) {
                    ctx.channel().writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
                    onLoop(() -> {
                        if (receiving != x) return;
                        windowStart = System.nanoTime(); // the body's rate counts from the moment it was asked for
                        windowBytes = 0;
                    });
                }
            }

            @Override
            public void pause() {
                onLoop(() -> {
                    pausedForBody = true;
                    updateReading();
                });
            }

            @Override
            public void resume() {
                onLoop(() -> {
                    pausedForBody = false;
                    updateReading();
                });
            }
        };
    }

    private void onLoop(Runnable r) {
        if (ctx.executor().inEventLoop()) r.run();
        else ctx.executor().execute(r);
    }

    private void updateReading() {
        boolean read = !pausedForBody && !pausedForPipeline;
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
            windowStart = System.nanoTime();
            windowBytes = 0;
        }
    }

    private void tick() {
        if (closing || lingering || !ctx.channel().isActive()) return;
        long now = System.nanoTime();
        if (!ctx.channel().config().isAutoRead()) {
            windowStart = now; // we are not reading: the client is not slow
            windowBytes = 0;
            return;
        }
        if (headStarted > 0 && now - headStarted > limits.headTimeout().toNanos()) {
            dropSlow("the request head did not arrive in time", queue.isEmpty());
            return;
        }
        if (receiving != null && awaitingContinue(receiving)) {
            windowStart = now; // the client sends nothing until asked (100 Continue): it is not slow, we are
            windowBytes = 0;
        } else if (receiving != null) {
            long window = now - windowStart;
            if (window >= limits.rateWindow().toNanos()) {
                long needed = limits.minBodyRate() * window / 1_000_000_000L;
                if (windowBytes < needed) {
                    dropSlow("the body came slower than " + limits.minBodyRate() + " bytes/s", false);
                    return;
                }
                windowStart = now;
                windowBytes = 0;
            }
        } else {
            windowStart = now;
            windowBytes = 0;
            if (queue.isEmpty() && headStarted == 0 && now - lastActivity > limits.idleTimeout().toNanos()) {
                closing = true;
                ctx.close();
            }
        }
    }

    /** Whether the client of {@code x} waits for {@code 100 Continue} before it sends the body. */
    private static boolean awaitingContinue(NettyExchange x) {
        return HttpUtil.is100ContinueExpected(x.request()) && !x.bodyStream().asked();
    }

    private void dropSlow(String why, boolean answer) {
        LOG.debug("{}: dropping a slow client: {}", ctx.channel().remoteAddress(), why);
        closing = true;
        if (receiving != null) receiving.bodyStream().fail(new Exchange.ClientGone(why));
        if (answer) {
            plain(HttpResponseStatus.REQUEST_TIMEOUT, "Request timeout.").addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    /** A request the decoder could not take: answer it, then close (the framing cannot be trusted). */
    private void refuse(Throwable cause) {
        closing = true;
        HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        String text = switch (status.code()) {
            case 414 -> "Request line too long.";
            case 431 -> "Request header fields too large.";
            default -> "Bad request.";
        };
        if (!queue.isEmpty()) {
            refusal = () -> plain(status, text).addListener(ChannelFutureListener.CLOSE); // after the answer in progress
            return;
        }
        plain(status, text).addListener(ChannelFutureListener.CLOSE);
    }

    private ChannelFuture plain(HttpResponseStatus status, String text) {
        ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.DATE, HttpDates.now());
        return ctx.channel().writeAndFlush(res);
    }

    /**
     * Closes a connection whose client may still be sending a body: our side ends now (the client sees
     * the answer, then the end), its bytes are read and dropped for a few seconds, then it closes. Closing
     * at once would reset the connection, and a client still writing would lose the answer.
     */
    private void linger() {
        if (!ctx.channel().isActive()) return;
        if (!(ctx.channel() instanceof io.netty.channel.socket.DuplexChannel duplex)) {
            ctx.close();
            return;
        }
        lingering = true;
        if (receiving != null) receiving.bodyStream().discard();
        receiving = null;
        pausedForBody = false;
        pausedForPipeline = false;
        updateReading();
        duplex.shutdownOutput();
        ctx.executor().schedule(() -> ctx.close(), LINGER_MS, TimeUnit.MILLISECONDS);
    }

    /** Shutting down: an idle connection closes now, a busy one after its answer. */
    void drain() {
        onLoop(() -> {
            if (queue.isEmpty() && receiving == null) {
                closing = true;
                ctx.close();
            }
        });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        signalWriters();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (ticker != null) ticker.cancel(false);
        Exchange.ClientGone gone = new Exchange.ClientGone("the connection closed");
        if (receiving != null) receiving.bodyStream().fail(gone);
        for (NettyExchange x : queue) x.bodyStream().fail(gone);
        signalWriters();
        server.closed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
        closing = true;
        ctx.close();
    }

    private void signalWriters() {
        writeLock.lock();
        try {
            writable.signalAll();
        } finally {
            writeLock.unlock();
        }
    }

    // ---- the handler's thread

    /** Waits until the socket takes more bytes; drops a client that reads nothing for the idle timeout. */
    void awaitWritable() throws IOException {
        Channel ch = ctx.channel();
        if (ch.isWritable()) return;
        writeLock.lock();
        try {
            long wait = limits.idleTimeout().toNanos();
            while (!ch.isWritable()) {
                if (!ch.isActive()) throw new Exchange.ClientGone("the connection closed");
                if (wait <= 0) {
                    ch.close();
                    throw new Exchange.ClientGone("the client stopped reading the response");
                }
                wait = writable.awaitNanos(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        } finally {
            writeLock.unlock();
        }
    }
}
