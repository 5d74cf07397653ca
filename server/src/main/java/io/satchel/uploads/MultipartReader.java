package io.satchel.uploads;

import io.satchel.errors.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) one part at a time, streaming each part's bytes:
 * nothing but a fixed buffer is held in memory, whatever the size of a part. Call {@link #next()} for
 * each part; an unread part is skipped. Malformed bodies raise a 400 {@link Failure}.
 */
public final class MultipartReader {
    private static final int BUFFER = 128 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    /** One part: its form field name, the file name if it is a file, its declared type, and its bytes. */
    public record Part(String name, String filename, String contentType, InputStream body) {
        public boolean isFile() {
            return filename != null;
        }
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final int[] skip = new int[256];
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private PartStream current;
    private boolean finished;
    private boolean started;

    public MultipartReader(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw malformed("multipart boundary is missing or too long");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[Math.max(BUFFER, delimiter.length * 4)];
        // The first boundary has no CRLF before it; start with one so every boundary looks alike.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
        java.util.Arrays.fill(skip, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) skip[delimiter[i] & 0xff] = delimiter.length - 1 - i;
    }

    /** The boundary parameter of a {@code multipart/form-data} content type, or null. */
    public static String boundaryOf(String contentType) {
        if (contentType == null) return null;
        String lower = contentType.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("multipart/")) return null;
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String b = p.substring(9).trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) b = b.substring(1, b.length() - 1);
                return b;
            }
        }
        return null;
    }

    /** The next part, or null after the last one. */
    public Part next() throws IOException {
        if (finished) return null;
        if (current != null) {
            current.drain();
            current = null;
        } else if (!started) {
            skipPreamble();
        }
        started = true;
        // pos is at a delimiter.
        if (!fill(delimiter.length + 2)) throw malformed("multipart body ends inside a boundary");
        pos += delimiter.length;
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return null;
        }
        while (true) {
            if (!fill(2)) throw malformed("multipart body ends after a boundary");
            if (buf[pos] == ' ' || buf[pos] == '\t') {
                pos++;
            } else {
                break;
            }
        }
        if (buf[pos] != '\r' || buf[pos + 1] != '\n') throw malformed("multipart boundary is not followed by a line break");
        pos += 2;
        return readHeaders();
    }

    private void skipPreamble() throws IOException {
        while (true) {
            int at = find();
            if (at >= 0) {
                pos = at;
                return;
            }
            int keep = delimiter.length - 1;
            if (lim - pos > keep) pos = lim - keep;
            if (!more()) throw malformed("multipart body has no boundary");
        }
    }

    private Part readHeaders() throws IOException {
        String name = null;
        String filename = null;
        String contentType = null;
        int total = 0;
        while (true) {
            int end = lineEnd();
            String line = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
            total += end - pos + 2;
            pos = end + 2;
            if (total > MAX_HEADER_BYTES) throw malformed("multipart part headers are too large");
            if (line.isEmpty()) break;
            int colon = line.indexOf(':');
            if (colon <= 0) throw malformed("multipart part header is malformed");
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                name = parameter(value, "name");
                String star = parameter(value, "filename*");
                filename = star != null ? decodeExtended(star) : parameter(value, "filename");
            } else if (header.equals("content-type")) {
                contentType = value;
            }
        }
        if (name == null) throw malformed("multipart part has no name");
        current = new PartStream();
        return new Part(name, filename, contentType, current);
    }

    /** The index of the CRLF ending the line at pos; fills as needed, bounded by the header cap. */
    private int lineEnd() throws IOException {
        int scanned = 0; // relative to pos, which compaction may move
        while (true) {
            for (int i = pos + scanned; i + 1 < lim; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') return i;
            }
            scanned = Math.max(0, lim - pos - 1);
            if (scanned > MAX_HEADER_BYTES) throw malformed("multipart part headers are too large");
            if (!more()) throw malformed("multipart body ends inside part headers");
        }
    }

    /** Boyer-Moore-Horspool search for the delimiter in buf[pos, lim); -1 if absent. */
    private int find() {
        int n = delimiter.length;
        int last = n - 1;
        int i = pos;
        while (i + last < lim) {
            int j = last;
            while (buf[i + j] == delimiter[j]) {
                if (j == 0) return i;
                j--;
            }
            i += skip[buf[i + last] & 0xff];
        }
        return -1;
    }

    /** Makes sure at least {@code n} bytes are buffered from pos; false at the end of the input. */
    private boolean fill(int n) throws IOException {
        while (lim - pos < n) {
            if (!more()) return false;
        }
        return true;
    }

    /** Reads more input, compacting first; false at the end of the input. */
    private boolean more() throws IOException {
        if (eof) return false;
        if (pos > 0 && (lim == buf.length || pos > buf.length / 2)) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) throw malformed("multipart part headers are too large");
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    private final class PartStream extends InputStream {
        private final byte[] one = new byte[1];
        /** buf[pos, end) is known to belong to this part; searching again only past it keeps small reads linear. */
        private int end = pos;
        private boolean endIsDelimiter;
        private boolean done;

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) return -1;
            if (len == 0) return 0;
            while (pos == end) {
                if (endIsDelimiter) {
                    done = true;
                    return -1;
                }
                locate();
                if (pos == end && !endIsDelimiter) {
                    if (!more()) throw malformed("multipart body ends inside a part");
                    end = pos;
                }
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        /** How far the part surely reaches: to the delimiter, or short of what may be its start. */
        private void locate() {
            int at = find();
            endIsDelimiter = at >= 0;
            end = at >= 0 ? at : Math.max(pos, lim - (delimiter.length - 1));
        }

        void drain() throws IOException {
            while (!done) {
                int at = find();
                if (at >= 0) {
                    pos = at;
                    done = true;
                    return;
                }
                int keep = delimiter.length - 1;
                if (lim - pos > keep) pos = lim - keep;
                if (!more()) throw malformed("multipart body ends inside a part");
            }
        }
    }

    static String parameter(String header, String key) {
        int i = 0;
        int n = header.length();
        while (i < n) {
            int semi = header.indexOf(';', i);
            if (semi < 0) return null;
            i = semi + 1;
            while (i < n && header.charAt(i) == ' ') i++;
            int eq = header.indexOf('=', i);
            if (eq < 0) return null;
            String k = header.substring(i, eq).trim();
            i = eq + 1;
            String value;
            if (i < n && header.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < n && header.charAt(i) != '"') {
                    char c = header.charAt(i);
                    // Only \" and \\ are escapes: browsers and old IE's full paths send other backslashes as they are.
                    if (c == '\\' && i + 1 < n && (header.charAt(i + 1) == '"' || header.charAt(i + 1) == '\\')) {
                        c = header.charAt(++i);
                    }
                    sb.append(c);
                    i++;
                }
                i++;
                value = sb.toString();
            } else {
                int end = header.indexOf(';', i);
                value = (end < 0 ? header.substring(i) : header.substring(i, end)).trim();
                i = end < 0 ? n : end;
            }
            if (k.equalsIgnoreCase(key)) return value;
        }
        return null;
    }

    /** RFC 5987 {@code UTF-8''percent-encoded}. */
    private static String decodeExtended(String v) {
        int q = v.indexOf("''");
        String encoded = q >= 0 ? v.substring(q + 2) : v;
        try {
            return java.net.URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return encoded;
        }
    }

    private static Failure malformed(String why) {
        return Failure.badRequest("PostRequestParserFailedError", "Failed to parse the request body: " + why + ".");
    }
}
