package io.satchel.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.satchel.api.Exchange;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 listener: Netty on the native epoll transport (NIO where epoll is not available). Event
 * loops only move bytes; every request is handled on its own virtual thread by the {@link Handler}.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    /** Handles one exchange on a virtual thread; it may block. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    /**
     * What a client may hold: connections at once; how long a connection may idle between requests; how
     * long a request head may take to arrive; how long a reader waits for the next body byte; the slowest
     * body accepted, averaged over {@code rateWindow}; the request line's and the header section's size.
     */
    public record Limits(int maxConnections, Duration idleTimeout, Duration headTimeout, Duration bodyStall,
                         long minBodyRate, Duration rateWindow, int maxRequestLine, int maxHeaderBytes) {
        public static final Limits DEFAULTS = new Limits(10_000, Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofSeconds(60), 240, Duration.ofSeconds(5), 16 * 1024, 32 * 1024);
    }

    private final Handler handler;
    private final HotResponses hot;
    private final Limits limits;
    private final EventLoopGroup group;
    private final Channel listener;
    private final String transport;
    private final ThreadFactory handlers = Thread.ofVirtual().name("http-", 0).factory();
    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition allClosed = lock.newCondition();
    private volatile boolean draining;

    private HttpServer(String host, int port, Limits limits, Handler handler, HotResponses hot) {
        this.handler = handler;
        this.hot = hot;
        this.limits = limits;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.transport = epoll ? "epoll" : "nio";
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.group = new MultiThreadIoEventLoopGroup(threads, Thread.ofPlatform().name("http-io-", 0).daemon().factory(), io);
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLine())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxChunkSize(1024 * 1024); // a body goes through in the slices the socket read, not 8 KiB pieces
        try {
            this.listener = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64 * 1024, 64 * 1024, 1024 * 1024))
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (count.incrementAndGet() > limits.maxConnections()) {
                                count.decrementAndGet();
                                ch.writeAndFlush(Unpooled.wrappedBuffer(TOO_MANY)).addListener(ChannelFutureListener.CLOSE);
                                return;
                            }
                            HttpConnection conn = new HttpConnection(HttpServer.this, limits);
                            open.add(conn);
                            ch.pipeline()
                                    .addLast("watch", new RawWatch(conn))
                                    .addLast("decoder", new HttpRequestDecoder(decoding))
                                    // After the connection: what it writes itself (hot answers) skips the encoder.
                                    .addLast("connection", conn)
                                    .addLast("encoder", new HttpResponseEncoder());
                        }
                    })
                    .bind(host, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
        LOG.info("listening on {}:{} ({})", host, port(), transport);
    }

    private static final byte[] TOO_MANY = ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 21\r\n\r\nToo many connections.")
            .getBytes(StandardCharsets.US_ASCII);

    /** Binds and starts serving; a port already in use fails here. {@code hot} may be null (no answers kept). */
    public static HttpServer start(String host, int port, Limits limits, Handler handler, HotResponses hot) {
        return new HttpServer(host, port, limits, handler, hot);
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** {@code epoll} or {@code nio}. */
    public String transport() {
        return transport;
    }

    Handler handler() {
        return handler;
    }

    HotResponses hot() {
        return hot;
    }

    boolean draining() {
        return draining;
    }

    void dispatch(Runnable work) {
        handlers.newThread(work).start();
    }

    void closed(HttpConnection conn) {
        if (!open.remove(conn)) return;
        count.decrementAndGet();
        lock.lock();
        try {
            if (open.isEmpty()) allClosed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking connections, lets requests in flight finish within {@code grace} (each answer closes
     * its connection, idle ones close now), then closes what is left.
     */
    public void stop(Duration grace) {
        listener.close().syncUninterruptibly();
        draining = true;
        for (HttpConnection c : open) c.drain();
        lock.lock();
        try {
            long wait = grace.toNanos();
            while (!open.isEmpty() && wait > 0) wait = allClosed.awaitNanos(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        if (!open.isEmpty()) LOG.warn("{} connection(s) still busy after the grace period: closing them", open.size());
        for (HttpConnection c : open) c.channel().close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    /** Tells the connection of raw bytes before the decoder sees them (for the head and body timers). */
    private static final class RawWatch extends ChannelInboundHandlerAdapter {
        private final HttpConnection conn;

        RawWatch(HttpConnection conn) {
            this.conn = conn;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                if (conn.lingering()) {
                    b.release();
                    return;
                }
                conn.bytesRead(b.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }
}
