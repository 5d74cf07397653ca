package io.satchel.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Passes the stream beneath through until more than {@code cap} bytes have come, then throws what
 * {@code tooLong} makes, before handing out a byte past the cap. For bodies a stranger sends, whose
 * declared length cannot be trusted (or is absent, as with chunked requests).
 */
public final class CappedInputStream extends FilterInputStream {
    private final long cap;
    private final Supplier<? extends RuntimeException> tooLong;
    private long count;

    public CappedInputStream(InputStream in, long cap, Supplier<? extends RuntimeException> tooLong) {
        super(in);
        this.cap = cap;
        this.tooLong = tooLong;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0 && ++count > cap) throw tooLong.get();
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0 && (count += n) > cap) throw tooLong.get();
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes count too: they go through the cap like read ones.
        byte[] buf = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) break;
            skipped += r;
        }
        return skipped;
    }
}
