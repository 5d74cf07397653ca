package io.satchel.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A successful response being read: where it finally came from, what it said about itself, and its
 * body as a stream that stops at the byte cap and at the deadline with the matching {@link FetchException}.
 * Close it to let the connection go (unread bytes are not drained: the connection is dropped).
 */
public final class Download implements AutoCloseable {
    private static final Pattern FILENAME_STAR = Pattern.compile("(?i)filename\\*\\s*=\\s*([^';]*)'[^']*'([^;]+)");
    private static final Pattern FILENAME = Pattern.compile("(?i)(?:^|;)\\s*filename\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;]+)");

    private final URI url;
    private final long contentLength;
    private final String contentDisposition;
    private final Body body;

    Download(URI url, long contentLength, String contentDisposition, InputStream raw, long maxBytes,
             long deadlineNanos, Fetcher.Failures failures, Runnable abort, AutoCloseable response) {
        this.url = url;
        this.contentLength = contentLength;
        this.contentDisposition = contentDisposition;
        this.body = new Body(raw, maxBytes, deadlineNanos, failures, abort, response);
    }

    /** The URL that answered with the bytes, after redirects. */
    public URI url() {
        return url;
    }

    /** The length the origin announced, or -1; it may lie, the body stream does not trust it. */
    public long contentLength() {
        return contentLength;
    }

    /** The body: at most the cap, within the deadline, else a {@link FetchException}. */
    public InputStream body() {
        return body;
    }

    /** Bytes read from the body so far. */
    public long bytesRead() {
        return body.count;
    }

    /** The name the origin suggests: {@code Content-Disposition}'s, else the last segment of the URL path; null if neither. */
    public String suggestedFilename() {
        String fromHeader = dispositionFilename(contentDisposition);
        if (fromHeader != null && !fromHeader.isBlank()) return fromHeader;
        String path = url.getRawPath();
        if (path == null) return null;
        String segment = path.substring(path.lastIndexOf('/') + 1);
        return segment.isEmpty() ? null : decode(segment);
    }

    static String dispositionFilename(String header) {
        if (header == null) return null;
        Matcher star = FILENAME_STAR.matcher(header);
        if (star.find()) {
            String charset = star.group(1).trim().isEmpty() ? "UTF-8" : star.group(1).trim();
            try {
                return URLDecoder.decode(star.group(2).trim().replace("+", "%2B"), charset);
            } catch (IllegalArgumentException | java.io.UnsupportedEncodingException e) {
                // fall through to the plain parameter
            }
        }
        Matcher plain = FILENAME.matcher(header);
        if (!plain.find()) return null;
        return plain.group(2) != null ? plain.group(2).replaceAll("\\\\(.)", "$1") : plain.group(1).trim();
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    @Override
    public void close() {
        body.close();
    }

    private static final class Body extends FilterInputStream {
        private final long maxBytes;
        private final long deadlineNanos;
        private final Fetcher.Failures failures;
        private final Runnable abort;
        private final AutoCloseable response;
        private volatile long count;
        private boolean eof;
        private boolean closed;

        Body(InputStream in, long maxBytes, long deadlineNanos, Fetcher.Failures failures, Runnable abort,
             AutoCloseable response) {
            super(in);
            this.maxBytes = maxBytes;
            this.deadlineNanos = deadlineNanos;
            this.failures = failures;
            this.abort = abort;
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                throw failures.of(e, deadlineNanos);
            }
            if (n < 0) {
                eof = true;
                return n;
            }
            count += n;
            if (count > maxBytes) {
                throw FetchError.SIZE_LIMIT_EXCEEDED.exception(count, maxBytes);
            }
            if (System.nanoTime() - deadlineNanos >= 0) throw failures.timeLimit();
            return n;
        }

        @Override
        public long skip(long n) {
            return 0;
        }

        /** Closing before the end drops the connection first: nothing more is read to keep it reusable. */
        @Override
        public void close() {
            if (closed) return;
            closed = true;
            if (!eof) abort.run();
            try {
                response.close();
            } catch (Exception e) {
                // the connection is gone either way
            }
        }
    }
}
