package io.satchel.http;

import static io.satchel.testing.RawHttp.head;
import static io.satchel.testing.TestServer.PUB;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.Images;
import io.satchel.testing.Multipart;
import io.satchel.testing.RawHttp;
import io.satchel.testing.RawHttp.Response;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 as a client sees it on the wire, over raw sockets: pipelining, keep-alive and its end, the
 * limits on heads and bodies, trailers, 100 Continue, answers given before the body, HEAD and ranges.
 */
class HttpProtocolTest {
    private static final int CAP = 64 * 1024;
    private static final String OFFSET_STREAM = "application/offset+octet-stream";
    private static final Duration SOON = Duration.ofSeconds(3);
    private static final byte[] ORIGINAL = new byte[3000];

    /** Head within 1 s, body at least 1000 B/s over 1 s: for the slow-client tests, on their own server. */
    private static final HttpServer.Limits SHORT = new HttpServer.Limits(100, Duration.ofSeconds(60), Duration.ofSeconds(1),
            Duration.ofSeconds(60), 1000, Duration.ofSeconds(1), 16 * 1024, 32 * 1024);

    private static TestServer server;
    private static TestServer slow;
    private static String original;
    private static String variantPath;
    private static byte[] variant;

    @BeforeAll
    static void start() {
        server = TestServer.start(s -> s.withMaxDirectUploadBytes(CAP));
        slow = TestServer.start(s -> s.withHttp(SHORT));
        new Random(11).nextBytes(ORIGINAL);
        Uploader up = new Uploader(server);
        original = up.upload(PUB, "noise.bin", ORIGINAL, "1");
        String photo = up.upload(PUB, "photo.jpg", Images.jpeg(400, 300), "1");
        up.awaitReady(PUB, original);
        up.awaitReady(PUB, photo);
        variantPath = "/" + photo + "/-/resize/100x/";
        HttpResponse<byte[]> v = server.sendForBytes(HttpRequest.newBuilder(server.uri(variantPath)).build());
        assertThat(v.statusCode()).isEqualTo(200);
        variant = v.body();
    }

    @AfterAll
    static void stop() {
        server.close();
        slow.close();
    }

    private static RawHttp connect() {
        return RawHttp.connect(server.satchel().port());
    }

    // ---- keep-alive, pipelining and the end of a connection

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        try (RawHttp c = connect()) {
            c.send(head("GET", "/health/live") + head("GET", "/" + original + "/") + head("GET", "/nothing/here"));
            Response live = c.response();
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.text()).isEqualTo("{\"status\":\"UP\"}");
            Response file = c.response();
            assertThat(file.status()).isEqualTo(200);
            assertThat(file.body()).isEqualTo(ORIGINAL);
            Response missing = c.response();
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.text()).isEqualTo("Not found.");
            assertThat(c.closed(Duration.ofMillis(200))).as("the connection stays open").isFalse();
        }
    }

    @Test
    void connectionCloseIsAnsweredThenTheServerCloses() {
        try (RawHttp c = connect()) {
            Response r = c.send(head("GET", "/health/live", "Connection", "close")).response();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closed(SOON)).isTrue();
        }
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() {
        try (RawHttp c = connect()) {
            Response r = c.send("GET /health/live HTTP/1.0\r\n\r\n").response();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closed(SOON)).isTrue();
        }
        try (RawHttp c = connect()) {
            Response first = c.send("GET /health/live HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").response();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("Connection")).isEqualToIgnoringCase("keep-alive");
            Response second = c.send("GET /" + original + "/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").response();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo(ORIGINAL);
        }
    }

    // ---- limits on the head

    @Test
    void aRequestLineOver16KiBIs414() {
        try (RawHttp c = connect()) {
            Response within = c.send(head("GET", "/" + "a".repeat(15 * 1024))).response();
            assertThat(within.status()).as("15 KiB is within the limit").isEqualTo(404);
            Response r = c.send(head("GET", "/" + "a".repeat(17 * 1024))).response();
            assertThat(r.status()).isEqualTo(414);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closed(SOON)).isTrue();
        }
    }

    @Test
    void aHeaderSectionOver32KiBIs431() {
        try (RawHttp c = connect()) {
            Response within = c.send(head("GET", "/health/live", "X-Filler", "b".repeat(30 * 1024))).response();
            assertThat(within.status()).as("30 KiB is within the limit").isEqualTo(200);
            Response r = c.send(head("GET", "/health/live", "X-Filler", "b".repeat(33 * 1024))).response();
            assertThat(r.status()).isEqualTo(431);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closed(SOON)).isTrue();
        }
    }

    @Test
    void moreThan100HeaderFieldsIs431() {
        try (RawHttp c = connect()) {
            Response within = c.send(head("GET", "/health/live", fields(99))).response(); // and Host: 100
            assertThat(within.status()).isEqualTo(200);
            Response r = c.send(head("GET", "/health/live", fields(100))).response();
            assertThat(r.status()).isEqualTo(431);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closed(SOON)).isTrue();
        }
    }

    private static String[] fields(int n) {
        String[] kv = new String[2 * n];
        for (int i = 0; i < n; i++) {
            kv[2 * i] = "X-Field-" + i;
            kv[2 * i + 1] = "v" + i;
        }
        return kv;
    }

    // ---- trailers (tus checksum-trailer)

    @Test
    void tusOffersChecksumTrailer() {
        try (RawHttp c = connect()) {
            Response r = c.send(head("OPTIONS", "/tus/")).response();
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.header("Tus-Extension").split(",")).contains("checksum-trailer");
        }
    }

    @Test
    void aChecksumInTheTrailerIsCheckedAfterTheBody() throws Exception {
        byte[] data = random(20, 5);
        byte[] first = Arrays.copyOf(data, 10);
        byte[] rest = Arrays.copyOfRange(data, 10, 20);
        String path = tusUpload(data.length);
        try (RawHttp c = connect()) {
            Response ok = c.send(chunkedPatch(path, 0, first, "Upload-Checksum: sha1 " + sha1(first))).response();
            assertThat(ok.status()).as(ok.text()).isEqualTo(204);
            assertThat(ok.header("Upload-Offset")).isEqualTo("10");

            Response wrong = c.send(chunkedPatch(path, 10, rest, "Upload-Checksum: sha1 " + sha1(first))).response();
            assertThat(wrong.status()).as(wrong.text()).isEqualTo(460);
            assertThat(tusOffset(c, path)).as("a mismatching chunk is discarded").isEqualTo(10);

            Response missing = c.send(chunkedPatch(path, 10, rest, null)).response();
            assertThat(missing.status()).as(missing.text()).isEqualTo(400);
            assertThat(tusOffset(c, path)).isEqualTo(10);

            Response last = c.send(chunkedPatch(path, 10, rest, "Upload-Checksum: sha1 " + sha1(rest))).response();
            assertThat(last.status()).as(last.text()).isEqualTo(204);
            assertThat(last.header("Upload-Offset")).isEqualTo("20");
        }
        String uuid = path.substring(path.lastIndexOf('/') + 1);
        new Uploader(server).awaitReady(PUB, uuid);
        assertThat(server.sendForBytes(HttpRequest.newBuilder(server.uri("/" + uuid + "/")).build()).body()).isEqualTo(data);
    }

    /** A PATCH with a chunked body in two chunks, announcing an Upload-Checksum trailer; {@code trailer} may be left out. */
    private static byte[] chunkedPatch(String path, long offset, byte[] body, String trailer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head("PATCH", path, "Tus-Resumable", "1.0.0", "Content-Type", OFFSET_STREAM,
                "Upload-Offset", String.valueOf(offset), "Transfer-Encoding", "chunked", "Trailer", "Upload-Checksum")
                .getBytes(StandardCharsets.US_ASCII));
        int half = body.length / 2;
        for (byte[] chunk : new byte[][] {Arrays.copyOf(body, half), Arrays.copyOfRange(body, half, body.length)}) {
            out.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(chunk);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("0\r\n" + (trailer == null ? "" : trailer + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    // ---- answers given before the body

    @Test
    void anEarly413KeepsTheConnectionWhenTheRestOfTheBodyIsSmall() {
        Multipart m = upload(CAP * 2);
        try (RawHttp c = connect()) {
            c.send(head("POST", "/base/", "Content-Type", m.contentType(), "Content-Length", String.valueOf(m.bytes().length)));
            c.send(m.bytes());
            Response r = c.response();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.text()).isEqualTo("The size of the request is too large.");
            assertThat(r.header("Connection")).isNull();
            Response next = c.send(head("GET", "/health/live")).response();
            assertThat(next.status()).as("the refused body was read and dropped").isEqualTo(200);
        }
    }

    @Test
    void anEarly413ToALargeBodyIsReadBeforeTheConnectionEnds() throws Exception {
        // Larger than what the server may have buffered before it answers, plus what it drains: it must close.
        Multipart m = upload(16 * 1024 * 1024);
        byte[] body = m.bytes();
        try (RawHttp c = connect()) {
            c.send(head("POST", "/base/", "Content-Type", m.contentType(), "Content-Length", String.valueOf(body.length)));
            AtomicReference<RuntimeException> sending = new AtomicReference<>();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    c.send(body);
                } catch (RuntimeException e) {
                    sending.set(e);
                }
            });
            Response r = c.response();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closed(SOON)).isTrue();
            assertThat(writer.join(Duration.ofSeconds(5))).as("the client could send its whole body").isTrue();
            assertThat(sending.get()).as("the server took the rest of the body without a reset").isNull();
        }
    }

    private static Multipart upload(int size) {
        return new Multipart().field("UPLOADCARE_PUB_KEY", PUB).file("file", "big.bin", "application/octet-stream", new byte[size]);
    }

    // ---- Expect: 100-continue

    @Test
    void continueComesWhenTheBodyIsWanted() {
        byte[] data = random(10, 6);
        String path = tusUpload(data.length);
        try (RawHttp c = connect()) {
            c.send(head("PATCH", path, "Tus-Resumable", "1.0.0", "Content-Type", OFFSET_STREAM, "Upload-Offset", "0",
                    "Content-Length", "10", "Expect", "100-continue"));
            Response interim = c.response();
            assertThat(interim.status()).isEqualTo(100);
            Response r = c.send(data).response();
            assertThat(r.status()).as(r.text()).isEqualTo(204);
            assertThat(r.header("Upload-Offset")).isEqualTo("10");
            assertThat(r.header("Connection")).isNull();
            assertThat(c.send(head("GET", "/health/live")).response().status()).isEqualTo(200);
        }
    }

    @Test
    void aRefusalBeforeTheBodyComesWithoutContinue() {
        String path = tusUpload(10);
        try (RawHttp c = connect()) {
            Response r = c.send(head("PATCH", path, "Tus-Resumable", "1.0.0", "Content-Type", OFFSET_STREAM,
                    "Upload-Offset", "5", "Content-Length", "10", "Expect", "100-continue")).response();
            assertThat(r.status()).as("no 100 first").isEqualTo(409);
            assertThat(r.header("Connection")).as("the body will never come").isEqualToIgnoringCase("close");
            assertThat(c.closed(SOON)).isTrue();
        }
        Multipart m = upload(CAP * 2);
        try (RawHttp c = connect()) {
            Response r = c.send(head("POST", "/base/", "Content-Type", m.contentType(),
                    "Content-Length", String.valueOf(m.bytes().length), "Expect", "100-continue")).response();
            assertThat(r.status()).as("no 100 first").isEqualTo(413);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closed(SOON)).isTrue();
        }
    }

    // ---- HEAD and ranges

    @Test
    void headAndRangesOnAnOriginal() {
        headAndRanges("/" + original + "/", ORIGINAL);
    }

    @Test
    void headAndRangesOnAVariant() {
        headAndRanges(variantPath, variant);
    }

    private static void headAndRanges(String path, byte[] whole) {
        int n = whole.length;
        try (RawHttp c = connect()) {
            c.send(head("HEAD", path) + head("GET", path, "Range", "bytes=0-9"));
            Response h = c.responseToHead();
            assertThat(h.status()).isEqualTo(200);
            assertThat(h.header("Content-Length")).isEqualTo(String.valueOf(n));
            String etag = h.header("ETag");
            assertThat(etag).isNotNull();
            Response start = c.response();
            assertThat(start.status()).as("parsed right after the HEAD answer").isEqualTo(206);
            assertThat(start.header("Content-Range")).isEqualTo("bytes 0-9/" + n);
            assertThat(start.body()).isEqualTo(Arrays.copyOf(whole, 10));

            Response suffix = c.send(head("GET", path, "Range", "bytes=-5")).response();
            assertThat(suffix.status()).isEqualTo(206);
            assertThat(suffix.header("Content-Range")).isEqualTo("bytes " + (n - 5) + "-" + (n - 1) + "/" + n);
            assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(whole, n - 5, n));

            Response beyond = c.send(head("GET", path, "Range", "bytes=" + n + "-")).response();
            assertThat(beyond.status()).isEqualTo(416);
            assertThat(beyond.header("Content-Range")).isEqualTo("bytes */" + n);

            Response same = c.send(head("GET", path, "If-None-Match", etag)).response();
            assertThat(same.status()).isEqualTo(304);
            assertThat(same.header("ETag")).isEqualTo(etag);

            Response stale = c.send(head("GET", path, "Range", "bytes=0-9", "If-Range", "\"stale\"")).response();
            assertThat(stale.status()).isEqualTo(200);
            assertThat(stale.body()).isEqualTo(whole);

            Response current = c.send(head("GET", path, "Range", "bytes=0-9", "If-Range", etag)).response();
            assertThat(current.status()).isEqualTo(206);
            assertThat(current.body()).isEqualTo(Arrays.copyOf(whole, 10));
        }
    }

    // ---- clients slower than the limits (a second server, with short ones)

    @Test
    void aClientAtNormalSpeedIsServedUnderShortLimits() {
        try (RawHttp c = RawHttp.connect(slow.satchel().port())) {
            assertThat(c.send(head("GET", "/health/live")).response().status()).isEqualTo(200);
        }
        new Uploader(slow).upload(PUB, "quick.bin", random(50_000, 8), "1");
    }

    @Test
    void aHeadSlowerThanTheTimeoutIs408() {
        byte[] request = head("GET", "/health/live").getBytes(StandardCharsets.US_ASCII);
        try (RawHttp c = RawHttp.connect(slow.satchel().port())) {
            long start = System.nanoTime();
            int sent = c.trickle(request, Duration.ofMillis(100)); // ~10 bytes/s: the head would take 4.5 s
            assertThat(sent).as("answered before the head was complete").isLessThan(request.length);
            Response r = c.response();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closed(SOON)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void aBodySlowerThanTheMinimumRateIsDropped() {
        Multipart m = new Multipart().field("UPLOADCARE_PUB_KEY", PUB).file("file", "slow.bin", "application/octet-stream",
                random(1000, 9));
        byte[] body = m.bytes();
        try (RawHttp c = RawHttp.connect(slow.satchel().port())) {
            c.send(head("POST", "/base/", "Content-Type", m.contentType(), "Content-Length", String.valueOf(body.length)));
            c.send(Arrays.copyOf(body, 100));
            long start = System.nanoTime();
            byte[] more = Arrays.copyOfRange(body, 100, 140);
            int sent = c.trickle(more, Duration.ofMillis(100)); // ~10 bytes/s against 1000 required
            assertThat(sent).as("dropped before the trickle ended").isLessThan(more.length);
            assertThat(c.closed(SOON)).as("dropped without an answer").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    /**
     * A client that sent {@code Expect: 100-continue} sends nothing until asked: however long the handler
     * takes to ask, that is not a slow body. The handler here waits for the test's signal.
     */
    @Test
    void aClientWaitingFor100ContinueIsNotASlowClient() {
        CountDownLatch go = new CountDownLatch(1);
        HttpServer.Handler gated = x -> {
            if (!go.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never signalled");
            byte[] body = x.body().readAllBytes();
            x.send(200, ("got " + body.length).getBytes(StandardCharsets.UTF_8), false);
        };
        try (HttpServer bare = HttpServer.start("127.0.0.1", 0, SHORT, gated, null); RawHttp c = RawHttp.connect(bare.port())) {
            try {
                c.send(head("PUT", "/anything", "Content-Length", "5", "Expect", "100-continue"));
                assertThat(c.closed(Duration.ofSeconds(2))).as("open past the rate window while the body is not wanted")
                        .isFalse();
            } finally {
                go.countDown();
            }
            assertThat(c.response().status()).isEqualTo(100);
            Response r = c.send("hello").response();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("got 5");
        }
    }

    // ---- helpers

    /** Creates a tus upload of {@code length} bytes for the first project; answers its path. */
    private static String tusUpload(long length) {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/tus/")).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", String.valueOf(length))
                .header("Upload-Metadata", "pub_key " + Base64.getEncoder().encodeToString(PUB.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return URI.create(r.headers().firstValue("Location").orElseThrow()).getPath();
    }

    private static long tusOffset(RawHttp c, String path) {
        Response r = c.send(head("HEAD", path, "Tus-Resumable", "1.0.0")).responseToHead();
        assertThat(r.status()).isEqualTo(200);
        return Long.parseLong(r.header("Upload-Offset"));
    }

    private static String sha1(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
