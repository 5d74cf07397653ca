package io.satchel.http;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body as the handler's thread reads it, fed by the event loop with the buffers the socket
 * read. Bytes are copied once, out of Netty's buffer into the reader's array. When more than
 * {@link #HIGH_WATER} bytes wait, the connection stops reading from the socket until the reader catches
 * up, so a body is never held in memory beyond that.
 */
final class BodyStream extends InputStream {
    static final int HIGH_WATER = 4 * 1024 * 1024;
    static final int LOW_WATER = 1024 * 1024;

    /** What the stream asks of its connection; called from the reader's thread. */
    interface Flow {
        /** The reader wants bytes for the first time (send {@code 100 Continue} if the client waits for it). */
        void wanted();

        void pause();

        void resume();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private final Flow flow;
    private final long stallNanos;
    private long queued;
    private long received;
    private boolean ended;
    private boolean discarding;
    private boolean paused;
    private boolean asked;
    private IOException failure;

    BodyStream(Flow flow, long stallNanos) {
        this.flow = flow;
        this.stallNanos = stallNanos;
    }

    // ---- the event loop's side

    /** Takes ownership of {@code buf}. */
    void offer(ByteBuf buf) {
        int n = buf.readableBytes();
        lock.lock();
        try {
            received += n;
            if (discarding || failure != null || n == 0) {
                buf.release();
                return;
            }
            chunks.add(buf);
            queued += n;
            if (queued > HIGH_WATER && !paused) {
                paused = true;
                flow.pause();
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void end() {
        lock.lock();
        try {
            ended = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void fail(IOException e) {
        lock.lock();
        try {
            if (!ended && failure == null) failure = e;
            releaseAll();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** From now on bytes are counted and dropped: the response went out without reading them. */
    void discard() {
        lock.lock();
        try {
            discarding = true;
            releaseAll();
            if (paused) {
                paused = false;
                flow.resume();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean ended() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    long received() {
        lock.lock();
        try {
            return received;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the handler ever asked for the body. */
    boolean asked() {
        lock.lock();
        try {
            return asked;
        } finally {
            lock.unlock();
        }
    }

    // ---- the reader's side

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        lock.lock();
        try {
            if (!asked) {
                asked = true;
                flow.wanted();
            }
            long wait = stallNanos;
            while (chunks.isEmpty()) {
                if (failure != null) throw failure;
                if (ended) return -1;
                if (wait <= 0) throw new IOException("the client sent no body bytes for too long");
                try {
                    wait = arrived.awaitNanos(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }
            // Everything already here, up to len: big reads make big writes downstream.
            int n = 0;
            for (ByteBuf head; n < len && (head = chunks.peek()) != null; ) {
                int k = Math.min(len - n, head.readableBytes());
                head.readBytes(b, off + n, k);
                n += k;
                if (!head.isReadable()) chunks.poll().release();
            }
            queued -= n;
            if (paused && queued < LOW_WATER) {
                paused = false;
                flow.resume();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, queued);
        } finally {
            lock.unlock();
        }
    }

    private void releaseAll() {
        for (ByteBuf b; (b = chunks.poll()) != null; ) b.release();
        queued = 0;
    }
}
