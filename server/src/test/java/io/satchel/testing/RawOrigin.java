package io.satchel.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An origin that answers every connection with the same hand-written response head and then
 * {@code bodyBytes} bytes before closing: for framings the JDK server will not produce (no length at
 * all, HTTP/1.0 style, or a Content-Length that the body does not keep).
 */
public final class RawOrigin implements AutoCloseable {
    private final ServerSocket socket;

    public RawOrigin(String head, long bodyBytes) {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] headBytes = (head.replace("\n", "\r\n") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread.ofVirtual().start(() -> answer(s, headBytes, bodyBytes));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    public String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    private static void answer(Socket s, byte[] head, long bodyBytes) {
        try (s) {
            s.getInputStream().read(new byte[8192]); // the request; its content does not matter here
            OutputStream out = s.getOutputStream();
            out.write(head);
            byte[] chunk = Origin.data(64 * 1024, 2);
            for (long sent = 0; sent < bodyBytes; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, bodyBytes - sent));
            }
            out.flush();
        } catch (IOException e) {
            // the client hung up
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
