package io.satchel.uploads;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The SHA-256 of an upload's first bytes, kept on this node while pieces arrive, so completion does not
 * read a large file back just to hash it. A piece extends the digest only if it starts exactly where
 * the digest ends, and only once the caller says the piece counts ({@link #commit}: a tus offset moved,
 * a multipart part was recorded). Anything that may have changed bytes the digest already covers
 * poisons it for good; completion then hashes the file the slow way. Lost on restart, by design.
 */
final class RunningDigests {
    private final Cache<String, State> states = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterAccess(Duration.ofHours(6)).build();

    /** A piece being written: a copy of the digest it may extend. */
    static final class Piece {
        static final Piece NONE = new Piece(null, -1);
        final MessageDigest digest;
        final long from;

        private Piece(MessageDigest digest, long from) {
            this.digest = digest;
            this.from = from;
        }

        InputStream wrap(InputStream in) {
            if (digest == null) return in;
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) digest.update((byte) b);
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    if (n > 0) digest.update(b, off, n);
                    return n;
                }
            };
        }
    }

    private static final class State {
        MessageDigest digest = sha256();
        long covered;
        boolean poisoned;
        MessageDigest candidate;
        long candidateFrom = -1;
        long candidateTo = -1;
    }

    /** A piece about to be written at {@code offset}. */
    Piece begin(String id, long offset) {
        State s = offset == 0 ? states.get(id, k -> new State()) : states.getIfPresent(id);
        if (s == null) return Piece.NONE;
        synchronized (s) {
            if (offset < s.covered) s.poisoned = true;
            if (s.poisoned || offset != s.covered) return Piece.NONE;
            return new Piece(copy(s.digest), offset);
        }
    }

    /** The piece's bytes are in place ({@code bytes} of them); it becomes the candidate to extend the digest. */
    void written(String id, Piece piece, long bytes) {
        State s = states.getIfPresent(id);
        if (s == null || piece.digest == null) return;
        synchronized (s) {
            if (s.poisoned || s.covered != piece.from) return;
            s.candidate = piece.digest;
            s.candidateFrom = piece.from;
            s.candidateTo = piece.from + bytes;
        }
    }

    /** A write at {@code from} failed midway: if it touched covered bytes, the digest can no longer be trusted. */
    void failed(String id, long from) {
        State s = states.getIfPresent(id);
        if (s == null) return;
        synchronized (s) {
            if (from < s.covered) s.poisoned = true;
            if (s.candidateFrom == from) s.candidate = null;
        }
    }

    /** Bytes {@code [from, to)} now count as part of the upload. */
    void commit(String id, long from, long to) {
        State s = states.getIfPresent(id);
        if (s == null) return;
        synchronized (s) {
            if (s.poisoned) return;
            if (from < s.covered) {
                s.poisoned = true;
            } else if (from == s.covered && s.candidate != null && s.candidateFrom == from && s.candidateTo == to) {
                s.digest = s.candidate;
                s.covered = to;
                s.candidate = null;
                s.candidateFrom = s.candidateTo = -1;
            }
        }
    }

    /** Where the digest ends (-1 if there is none to extend): a caller may hash the next piece from the spool. */
    long covered(String id) {
        State s = states.getIfPresent(id);
        if (s == null) return -1;
        synchronized (s) {
            return s.poisoned ? -1 : s.covered;
        }
    }

    /**
     * Extends the digest with bytes {@code [from, from + length)} read from {@code in} (already in place),
     * if it still ends at {@code from}. Holding the state meanwhile keeps other pieces from racing it.
     */
    void extend(String id, long from, long length, InputStream in) throws IOException {
        State s = states.getIfPresent(id);
        if (s == null) return;
        synchronized (s) {
            if (s.poisoned || s.covered != from) return;
            MessageDigest d = copy(s.digest);
            byte[] buf = new byte[256 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) return;
                d.update(buf, 0, n);
                left -= n;
            }
            s.digest = d;
            s.covered = from + length;
        }
    }

    /** The hex SHA-256 if the digest covers exactly {@code length} bytes, else null; forgets the upload. */
    String finish(String id, long length) {
        State s = states.getIfPresent(id);
        states.invalidate(id);
        if (s == null) return null;
        synchronized (s) {
            return !s.poisoned && s.covered == length ? HexFormat.of().formatHex(s.digest.digest()) : null;
        }
    }

    void forget(String id) {
        states.invalidate(id);
    }

    private static MessageDigest copy(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
