package io.satchel.api.tus;

import io.satchel.errors.Failure;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * {@code Upload-Checksum: <algorithm> <base64>} of one PATCH body. crc32 is the 4-byte big-endian value;
 * the others are the digest bytes. A checksum names the whole body, so a body that breaks off is dropped.
 * It comes as a header before the body, or (checksum-trailer) as a trailer of a chunked body after it.
 */
record Checksum(String algorithm, byte[] expected) {
    static final String ALGORITHMS = "sha1,md5,sha256,crc32";

    /** Null when the header is absent; 400 for an unknown algorithm or a malformed value. */
    static Checksum parse(String header) {
        if (header == null) return null;
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space <= 0) throw bad("Upload-Checksum must be an algorithm and a base64 value.");
        String algorithm = h.substring(0, space);
        if (!("," + ALGORITHMS + ",").contains("," + algorithm + ",")) {
            throw bad("Upload-Checksum algorithm " + algorithm.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "")
                    + " is not supported; use one of " + ALGORITHMS + ".");
        }
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(h.substring(space + 1).strip());
        } catch (IllegalArgumentException e) {
            throw bad("Upload-Checksum value is not base64.");
        }
        if (expected.length != lengthOf(algorithm)) throw bad("Upload-Checksum value has the wrong length for " + algorithm + ".");
        return new Checksum(algorithm, expected);
    }

    /** A stream that feeds what it reads to this checksum's algorithm. */
    Measuring measure(InputStream in) {
        return new Measuring(in, List.of(algorithm));
    }

    /** For a checksum that comes as a trailer, after the body: every algorithm offered measures it. */
    static Measuring measureAll(InputStream in) {
        return new Measuring(in, List.of(ALGORITHMS.split(",")));
    }

    boolean matches(Measuring m) {
        return MessageDigest.isEqual(expected, m.result(algorithm));
    }

    private static int lengthOf(String algorithm) {
        return switch (algorithm) {
            case "sha1" -> 20;
            case "md5" -> 16;
            case "sha256" -> 32;
            default -> 4;
        };
    }

    private static Failure bad(String message) {
        return Failure.badRequest("UploadChecksumInvalidError", message);
    }

    static final class Measuring extends FilterInputStream {
        private final Map<String, MessageDigest> digests = new HashMap<>();
        private CRC32 crc;

        Measuring(InputStream in, List<String> algorithms) {
            super(in);
            for (String algorithm : algorithms) {
                if (algorithm.equals("crc32")) {
                    crc = new CRC32();
                    continue;
                }
                try {
                    digests.put(algorithm, MessageDigest.getInstance(switch (algorithm) {
                        case "sha1" -> "SHA-1";
                        case "md5" -> "MD5";
                        default -> "SHA-256";
                    }));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                if (crc != null) crc.update(b, off, n);
                for (MessageDigest d : digests.values()) d.update(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) {
            return 0;
        }

        byte[] result(String algorithm) {
            if (!algorithm.equals("crc32")) return digests.get(algorithm).digest();
            long v = crc.getValue();
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
    }
}
