package io.satchel.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.satchel.api.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.channels.FileChannel;

/**
 * One request on a {@link HttpConnection} and the response to it, handled on a virtual thread. The
 * response goes out as one full message, as a head and a stream of chunks written with back-pressure,
 * or as a head and a file region the kernel sends (sendfile).
 */
final class NettyExchange implements Exchange {
    private static final int CHUNK = 64 * 1024;

    private final HttpConnection conn;
    private final HttpRequest req;
    private final BodyStream body;
    private final String rawPath;
    private final String rawQuery;
    private final HttpHeaders out = new DefaultHttpHeaders();
    private volatile HttpHeaders trailers;
    private volatile boolean sent;
    private volatile int status = 200;
    /** Whether the connection closes once this response is out (set when the head is built). */
    private volatile boolean closeAfter;
    /** The response's last write; the connection moves on (or closes) after it. */
    private volatile ChannelFuture last;
    private volatile boolean broken;
    private volatile String rememberAs;

    NettyExchange(HttpConnection conn, HttpRequest req, long stallNanos) {
        this.conn = conn;
        this.req = req;
        this.body = new BodyStream(conn.flowFor(this), stallNanos);
        String uri = req.uri();
        if (uri.startsWith("http://") || uri.startsWith("https://")) { // absolute-form: keep the path
            int slash = uri.indexOf('/', uri.indexOf("//") + 2);
            uri = slash < 0 ? "/" : uri.substring(slash);
        }
        int hash = uri.indexOf('#');
        if (hash >= 0) uri = uri.substring(0, hash);
        int q = uri.indexOf('?');
        this.rawPath = q < 0 ? uri : uri.substring(0, q);
        this.rawQuery = q < 0 ? "" : uri.substring(q + 1);
    }

    HttpRequest request() {
        return req;
    }

    BodyStream bodyStream() {
        return body;
    }

    void trailers(HttpHeaders h) {
        this.trailers = h;
    }

    boolean closeAfter() {
        return closeAfter;
    }

    boolean broken() {
        return broken;
    }

    ChannelFuture lastWrite() {
        return last;
    }

    // ---- the request

    @Override
    public String method() {
        return req.method().name();
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public String header(String name) {
        return req.headers().get(name);
    }

    @Override
    public long contentLength() {
        if (HttpUtil.isTransferEncodingChunked(req)) return -1;
        return HttpUtil.getContentLength(req, -1L);
    }

    @Override
    public boolean hasBody() {
        return HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public String trailer(String name) {
        HttpHeaders t = trailers;
        return t == null ? null : t.get(name);
    }

    @Override
    public SocketAddress remote() {
        return conn.channel().remoteAddress();
    }

    @Override
    public boolean secure() {
        return false;
    }

    // ---- the response

    @Override
    public void responseHeader(String name, String value) {
        out.set(name, value);
    }

    @Override
    public void send(int status, byte[] bytes, boolean head) {
        ByteBuf content = head || bytes.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
        DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                content, out, EmptyHttpHeaders.INSTANCE);
        prepare(res, status, bytes.length);
        HotResponses hot = conn.hot();
        if (rememberAs != null && hot != null && !head && !closeAfter) hot.keep(req, rememberAs, status, res.headers(), bytes);
        last = conn.channel().writeAndFlush(res);
    }

    @Override
    public OutputStream stream(int status, long length, boolean head) {
        DefaultHttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), out);
        prepare(res, status, length);
        Channel ch = conn.channel();
        if (head) {
            ch.write(res);
            last = ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            return OutputStream.nullOutputStream();
        }
        ch.write(res);
        return new ChunkOut(length);
    }

    @Override
    public void sendFile(int status, FileChannel file, long offset, long length, boolean head) throws IOException {
        FileChannel fc = file;
        if (head) {
            file.close();
            fc = null;
        }
        DefaultHttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), out);
        prepare(res, status, length);
        Channel ch = conn.channel();
        ch.write(res);
        if (fc != null && length > 0) ch.write(new DefaultFileRegion(fc, offset, length));
        else if (fc != null) fc.close();
        last = ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    @Override
    public void remember(String tag) {
        rememberAs = tag;
    }

    @Override
    public boolean isSent() {
        return sent;
    }

    @Override
    public int status() {
        return status;
    }

    private void prepare(HttpResponse res, int status, long length) {
        if (sent) throw new IllegalStateException("the response was already sent");
        sent = true;
        this.status = status;
        HttpHeaders h = res.headers();
        if (status == 204 || status == 304 || status < 200) {
            h.remove(HttpHeaderNames.CONTENT_LENGTH);
        } else {
            h.set("Content-Length", length); // spelled as most servers do: some clients compare names exactly
        }
        h.set("Date", HttpDates.now());
        boolean keep = conn.mayKeepAlive(this) && !h.contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
        closeAfter = !keep;
        if (!keep) {
            h.set("Connection", "close");
        } else if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            h.set("Connection", "keep-alive");
        }
    }

    /** A streamed body: copied into 64 KiB buffers, each written once the socket takes more. */
    private final class ChunkOut extends OutputStream {
        private final long length;
        private long written;
        private ByteBuf buf;
        private boolean closed;

        ChunkOut(long length) {
            this.length = length;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) throw new IOException("stream closed");
            if (written + len > length) {
                broken = true;
                throw new IOException("more bytes than the declared Content-Length");
            }
            while (len > 0) {
                if (buf == null) buf = conn.channel().alloc().directBuffer(CHUNK, CHUNK);
                int n = Math.min(len, buf.writableBytes());
                buf.writeBytes(b, off, n);
                off += n;
                len -= n;
                written += n;
                if (!buf.isWritable()) flushChunk();
            }
        }

        private void flushChunk() throws IOException {
            ByteBuf b = buf;
            buf = null;
            conn.channel().writeAndFlush(new DefaultHttpContent(b));
            conn.awaitWritable();
        }

        @Override
        public void flush() throws IOException {
            if (buf != null && buf.isReadable()) flushChunk();
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            Channel ch = conn.channel();
            if (buf != null) {
                if (buf.isReadable()) ch.write(new DefaultHttpContent(buf));
                else buf.release();
                buf = null;
            }
            if (written != length) broken = true; // the client was promised more: only a close tells it
            last = ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }
}
