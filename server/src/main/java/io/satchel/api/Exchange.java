package io.satchel.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.channels.FileChannel;

/**
 * One HTTP request and its response as the transport carries them. {@link Call} is what the adapters see;
 * this is what a server must give it. Header names are case-insensitive.
 */
public interface Exchange {
    String method();

    /** The path as sent, still percent-encoded, without the query. */
    String rawPath();

    /** The query as sent, without {@code ?}; empty when there is none. */
    String rawQuery();

    /** The first value of a request header, or null. */
    String header(String name);

    /** The declared {@code Content-Length}, or -1 (none, or chunked). */
    long contentLength();

    /** Whether the request carries a body at all (a length above zero, or chunked). */
    boolean hasBody();

    /** The request body; reading it is what asks a client that sent {@code Expect: 100-continue} for it. */
    InputStream body();

    /** A trailer field of a chunked body, once the body has been read to its end; null otherwise. */
    String trailer(String name);

    SocketAddress remote();

    boolean secure();

    /** Sets a response header (replacing an earlier value), before the response is sent. */
    void responseHeader(String name, String value);

    /** Sends the whole response; for HEAD, the headers only (with the body's length). */
    void send(int status, byte[] body, boolean head);

    /** Sends the response head with a known length; the body follows through the stream (none for HEAD). */
    OutputStream stream(int status, long length, boolean head) throws IOException;

    /**
     * Sends {@code length} bytes of an open file from {@code offset}, by the cheapest way the transport has
     * (the kernel's sendfile); the transport closes {@code file} when done.
     */
    void sendFile(int status, FileChannel file, long offset, long length, boolean head) throws IOException;

    /**
     * Lets the transport answer the same request (path, query, {@code Accept}) with this response again for
     * a short while without asking the handler, if it is a whole 200 to a plain GET; {@code tag} (a file's
     * uuid) names what must forget it when it changes.
     */
    default void remember(String tag) {}

    boolean isSent();

    /** The status sent, or 200 when nothing was sent yet. */
    int status();

    /** The client went away, or was dropped for being too slow: no one is left to answer. */
    final class ClientGone extends IOException {
        public ClientGone(String message) {
            super(message);
        }
    }

    /** The request's body is not valid HTTP framing (a malformed chunk): answer 400. */
    final class MalformedBody extends IOException {
        public MalformedBody(String message) {
            super(message);
        }
    }
}
