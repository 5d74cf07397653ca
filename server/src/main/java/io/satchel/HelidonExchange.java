package io.satchel;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.satchel.api.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Helidon under {@link Exchange}: kept only until the Netty server replaces it. */
final class HelidonExchange implements Exchange {
    private final ServerRequest req;
    private final ServerResponse res;

    HelidonExchange(ServerRequest req, ServerResponse res) {
        this.req = req;
        this.res = res;
    }

    @Override public String method() { return req.prologue().method().text(); }
    @Override public String rawPath() { return req.path().rawPath(); }
    @Override public String rawQuery() { return req.query().rawValue(); }
    @Override public String header(String name) { return req.headers().first(HeaderNames.create(name)).orElse(null); }
    @Override public long contentLength() { return req.headers().contentLength().orElse(-1L); }
    @Override public boolean hasBody() { return req.content().hasEntity(); }
    @Override public InputStream body() { return req.content().inputStream(); }
    @Override public String trailer(String name) { return null; }
    @Override public SocketAddress remote() { return req.remotePeer().address(); }
    @Override public boolean secure() { return req.isSecure(); }
    @Override public void responseHeader(String name, String value) { res.header(name, value); }

    @Override
    public void send(int status, byte[] body, boolean head) {
        res.status(status);
        if (head) {
            res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length));
            res.send();
        } else {
            res.send(body);
        }
    }

    @Override
    public OutputStream stream(int status, long length, boolean head) {
        res.status(status);
        res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(length));
        if (head) {
            res.send();
            return OutputStream.nullOutputStream();
        }
        return res.outputStream();
    }

    @Override
    public void sendFile(int status, Path file, long offset, long length, boolean head) throws IOException {
        try (InputStream in = Files.newInputStream(file); OutputStream out = stream(status, length, head)) {
            if (head) return;
            in.skipNBytes(offset);
            new io.satchel.storage.BoundedInputStream(in, length).transferTo(out);
        }
    }

    @Override public boolean isSent() { return res.isSent(); }
    @Override public int status() { return res.status().code(); }
}
