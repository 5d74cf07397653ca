package io.satchel.uploads;

import io.satchel.errors.Failure;
import io.satchel.storage.BlobStore;
import io.satchel.storage.CappedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Streams bytes into the BlobStore while measuring them: size, SHA-256 and the first bytes for MIME
 * sniffing are computed on the way through, and the stream is cut off as soon as it passes the cap.
 */
public final class Ingest {
    static final int HEAD_BYTES = 64 * 1024;

    private Ingest() {}

    /** What was measured on the way into the store. */
    public record Measured(long size, String sha256, byte[] head) {}

    /** Writes {@code in} to {@code key}; past {@code cap} bytes the write is abandoned (nothing stored) and 400 raised. */
    public static Measured write(BlobStore store, String key, InputStream in, long cap) throws IOException {
        MeasuringStream measuring = new MeasuringStream(new CappedInputStream(in, cap, Ingest::tooLarge));
        store.write(key, measuring);
        return new Measured(measuring.count, HexFormat.of().formatHex(measuring.digest.digest()),
                Arrays.copyOf(measuring.head, measuring.headLength));
    }

    /** Measures bytes already in place (an assembled upload) by reading them through once. */
    public static Measured measure(InputStream in) throws IOException {
        MeasuringStream measuring = new MeasuringStream(in);
        measuring.transferTo(OutputStream.nullOutputStream());
        return new Measured(measuring.count, HexFormat.of().formatHex(measuring.digest.digest()),
                Arrays.copyOf(measuring.head, measuring.headLength));
    }

    public static Failure tooLarge() {
        return Failure.badRequest("FileSizeLimitExceededError", "File is too large.");
    }

    private static final class MeasuringStream extends FilterInputStream {
        private final MessageDigest digest;
        private final byte[] head = new byte[HEAD_BYTES];
        private int headLength;
        private long count;

        MeasuringStream(InputStream in) {
            super(in);
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n <= 0) return n;
            count += n;
            digest.update(b, off, n);
            if (headLength < HEAD_BYTES) {
                int take = Math.min(n, HEAD_BYTES - headLength);
                System.arraycopy(b, off, head, headLength, take);
                headLength += take;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            return 0;
        }
    }
}
