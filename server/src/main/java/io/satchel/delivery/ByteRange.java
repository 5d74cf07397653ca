package io.satchel.delivery;

import java.util.Locale;

/**
 * What a {@code Range} header selects from a representation of {@code size} bytes (RFC 9110 §14).
 * One range only: a header that is absent, malformed, in another unit or lists several ranges selects
 * the whole representation, which the RFC allows a server to answer with 200.
 */
public sealed interface ByteRange {

    /** The whole representation (answer 200). */
    record Whole() implements ByteRange {}

    /** Bytes {@code first..last}, both inclusive (answer 206). */
    record Slice(long first, long last) implements ByteRange {
        public long length() {
            return last - first + 1;
        }

        public String contentRange(long size) {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** A well-formed range that does not overlap the representation (answer 416). */
    record Unsatisfiable() implements ByteRange {
        public String contentRange(long size) {
            return "bytes */" + size;
        }
    }

    static ByteRange parse(String header, long size) {
        if (header == null) return new Whole();
        String h = header.trim();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) return new Whole();
        String spec = h.substring(eq + 1).trim();
        if (spec.indexOf(',') >= 0) return new Whole();
        int dash = spec.indexOf('-');
        if (dash < 0) return new Whole();
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        if (from.isEmpty()) return suffix(to, size);
        long first = digits(from);
        if (first < 0) return new Whole();
        long last;
        if (to.isEmpty()) {
            last = Long.MAX_VALUE;
        } else {
            last = digits(to);
            if (last < 0 || last < first) return new Whole();
        }
        if (first >= size) return new Unsatisfiable();
        return new Slice(first, Math.min(last, size - 1));
    }

    private static ByteRange suffix(String to, long size) {
        long n = digits(to);
        if (n < 0) return new Whole();
        if (n == 0) return new Unsatisfiable();
        if (size == 0) return new Whole(); // nothing to slice; the empty body is the answer
        return new Slice(Math.max(0, size - n), size - 1);
    }

    /** A non-negative decimal (saturating at {@link Long#MAX_VALUE}); -1 when it is not one. */
    private static long digits(String s) {
        if (s.isEmpty()) return -1;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v > (Long.MAX_VALUE - (c - '0')) / 10 ? Long.MAX_VALUE : v * 10 + (c - '0');
        }
        return v;
    }
}
