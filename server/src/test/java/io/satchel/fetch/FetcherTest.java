package io.satchel.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.satchel.testing.Origin;
import io.satchel.testing.RawOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fetcher over real HTTP on loopback: bodies, caps, deadlines, redirects, and the guard at connect
 * time. "Public" here is 127.0.0.2 under a test guard that treats that one address as public, so a hop
 * can look public and still be served on this machine; nothing leaves 127.0.0.0/8.
 */
@Timeout(60)
class FetcherTest {
    private static final long CAP = 1_000_000;
    private static final InetAddress PRETEND_PUBLIC = InetAddress.ofLiteral("127.0.0.2");
    private static final AddressGuard TEST_GUARD = a -> a.equals(PRETEND_PUBLIC) || AddressGuard.publicOnly().allows(a);
    private static final byte[] DATA = Origin.data(300_000, 42);

    private static Origin origin;
    private static Origin publicOrigin;
    private static Fetcher open;
    private static Fetcher guarded;

    @BeforeAll
    static void start() {
        origin = Origin.start()
                .serve("/file.bin", Origin.bytes(DATA))
                .serve("/chunked", Origin.chunked(DATA))
                .serve("/named", Origin.bytes(DATA, "Content-Disposition", "attachment; filename=\"report \\\"q3\\\".pdf\""))
                .serve("/named-utf8", Origin.bytes(DATA, "Content-Disposition",
                        "attachment; filename=\"fallback.txt\"; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82.txt"))
                .serve("/dir/", Origin.bytes(DATA))
                .serve("/missing", Origin.status(404))
                .serve("/gone", Origin.status(410))
                .serve("/broken", Origin.status(500))
                .serve("/unavailable", Origin.status(503))
                .serve("/not-modified", Origin.status(304))
                .serve("/big", Origin.bytes(Origin.data((int) CAP + 1, 7)))
                .serve("/endless", Origin.endless(1L << 40)) // a drained close would take hours
                .serve("/trickle", Origin.trickle(200, 100))
                .serve("/stall", Origin.stall(20_000))
                .serve("/ftp", Origin.redirect(302, "ftp://example.com/file"))
                .serve("/secret", Origin.bytes("secret".getBytes()));
        for (int i = 1; i <= 7; i++) origin.serve("/hop" + i, Origin.redirect(301 + (i % 2), "/hop" + (i - 1)));
        origin.serve("/hop0", Origin.bytes(DATA));
        for (int code : new int[] {301, 302, 303, 307, 308}) origin.serve("/r" + code, Origin.redirect(code, "/file.bin"));
        publicOrigin = Origin.startOn("127.0.0.2")
                .serve("/to-loopback", Origin.redirect(302, origin.url("/secret")))
                .serve("/to-localhost", Origin.redirect(307, "http://localhost:" + origin.port() + "/secret"))
                .serve("/to-metadata", Origin.redirect(301, "http://169.254.169.254/latest/meta-data/"))
                .serve("/to-mapped", Origin.redirect(301, "http://[::ffff:127.0.0.1]:" + origin.port() + "/secret"))
                .serve("/file.bin", Origin.bytes(DATA));
        open = new Fetcher(FetchLimits.of(Duration.ofSeconds(2), 5), AddressGuard.privateNetworksToo(), HostResolver.system());
        guarded = new Fetcher(FetchLimits.of(Duration.ofSeconds(2), 5), TEST_GUARD, FetcherTest::resolve);
    }

    @AfterAll
    static void stop() {
        open.close();
        guarded.close();
        origin.close();
        publicOrigin.close();
    }

    /** public.test is the pretend-public origin; rebind.test answers it once, then loopback. */
    private static final AtomicInteger REBIND_LOOKUPS = new AtomicInteger();

    static InetAddress[] resolve(String host) throws UnknownHostException {
        return switch (host) {
            case "public.test" -> new InetAddress[] {PRETEND_PUBLIC};
            case "mixed.test" -> new InetAddress[] {PRETEND_PUBLIC, InetAddress.ofLiteral("127.0.0.1")};
            case "rebind.test" -> new InetAddress[] {REBIND_LOOKUPS.getAndIncrement() == 0 ? PRETEND_PUBLIC
                    : InetAddress.ofLiteral("127.0.0.1")};
            case "localhost" -> InetAddress.getAllByName("localhost");
            default -> throw new UnknownHostException(host);
        };
    }

    @Test
    void readsTheWholeBodyAndTellsTheLength() throws Exception {
        try (Download d = open.open(URI.create(origin.url("/file.bin")), CAP)) {
            assertThat(d.contentLength()).isEqualTo(DATA.length);
            assertThat(Origin.sha256(d.body().readAllBytes())).isEqualTo(Origin.sha256(DATA));
            assertThat(d.bytesRead()).isEqualTo(DATA.length);
            assertThat(d.suggestedFilename()).isEqualTo("file.bin");
        }
        try (Download d = open.open(URI.create(origin.url("/chunked")), CAP)) {
            assertThat(d.contentLength()).isEqualTo(-1);
            assertThat(d.body().readAllBytes()).isEqualTo(DATA);
        }
    }

    @Test
    void suggestsTheNameFromContentDispositionThenThePath() throws Exception {
        try (Download d = open.open(URI.create(origin.url("/named")), CAP)) {
            assertThat(d.suggestedFilename()).isEqualTo("report \"q3\".pdf");
        }
        try (Download d = open.open(URI.create(origin.url("/named-utf8")), CAP)) {
            assertThat(d.suggestedFilename()).isEqualTo("отчёт.txt");
        }
        try (Download d = open.open(URI.create(origin.url("/dir/my%20photo.jpg")), CAP)) {
            assertThat(d.suggestedFilename()).isEqualTo("my photo.jpg");
        }
        assertThat(Download.dispositionFilename("inline")).isNull();
        assertThat(Download.dispositionFilename("attachment; filename=plain.txt; size=3")).isEqualTo("plain.txt");
    }

    @Test
    void httpErrorsCarryTheirStatus() {
        fails(open, origin.url("/missing"), FetchError.HTTP_CLIENT_ERROR, "HTTP client error: 404.");
        fails(open, origin.url("/gone"), FetchError.HTTP_CLIENT_ERROR, "HTTP client error: 410.");
        fails(open, origin.url("/broken"), FetchError.HTTP_SERVER_ERROR, "HTTP server error: 500.");
        fails(open, origin.url("/unavailable"), FetchError.HTTP_SERVER_ERROR, "HTTP server error: 503.");
        fails(open, origin.url("/not-modified"), FetchError.HTTP_UNEXPECTED, "Unexpected HTTP response: 304.");
    }

    @Test
    void announcedLengthOverTheCapIsRefusedBeforeReading() {
        fails(open, origin.url("/big"), FetchError.SIZE_LIMIT_EXCEEDED, "Downloaded file is too big: 1000001 > 1000000.");
    }

    @Test
    void bodyWithoutLengthIsCutAtTheCap() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> {
            try (Download d = open.open(URI.create(origin.url("/endless")), CAP)) {
                d.body().transferTo(OutputStreamSink.INSTANCE);
            }
        }).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.error()).isEqualTo(FetchError.SIZE_LIMIT_EXCEEDED);
            assertThat(e.getMessage()).matches("Downloaded file is too big: \\d+ > 1000000\\.");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void closeDelimitedBodyIsCutAtTheCap() {
        try (RawOrigin raw = new RawOrigin("HTTP/1.0 200 OK\nContent-Type: application/octet-stream", 1L << 30)) {
            assertThatThrownBy(() -> {
                try (Download d = open.open(URI.create(raw.url("/")), CAP)) {
                    assertThat(d.contentLength()).isEqualTo(-1);
                    d.body().transferTo(OutputStreamSink.INSTANCE);
                }
            }).isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.error()).isEqualTo(FetchError.SIZE_LIMIT_EXCEEDED));
        }
    }

    @Test
    void bodyShorterThanItsLengthIsANetworkError() {
        try (RawOrigin raw = new RawOrigin("HTTP/1.1 200 OK\nContent-Length: 5000\nConnection: close", 10)) {
            assertThatThrownBy(() -> {
                try (Download d = open.open(URI.create(raw.url("/")), CAP)) {
                    d.body().readAllBytes();
                }
            }).isInstanceOfSatisfying(FetchException.class, e -> {
                assertThat(e.error()).isEqualTo(FetchError.NETWORK_ERROR);
                assertThat(e.code()).isEqualTo("DownloadFileHTTPNetworkError");
            });
        }
    }

    @Test
    void refusedConnectionIsANetworkError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.ofLiteral("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        fails(open, "http://127.0.0.1:" + port + "/", FetchError.NETWORK_ERROR, "Network error: connection refused.");
    }

    @Test
    void slowBodiesStopAtTheTimeLimit() {
        for (String path : new String[] {"/trickle", "/stall"}) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                try (Download d = open.open(URI.create(origin.url(path)), CAP)) {
                    d.body().readAllBytes();
                }
            }).as(path).isInstanceOfSatisfying(FetchException.class, e -> {
                assertThat(e.error()).isEqualTo(FetchError.TIME_LIMIT_EXCEEDED);
                assertThat(e.code()).isEqualTo("DownloadFileTimeLimitExceededError");
                assertThat(e.getMessage()).isEqualTo("Downloading took longer than 2 seconds.");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(path).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
        }
    }

    @Test
    void followsEveryRedirectKindAndChainsUpToTheLimit() throws Exception {
        for (int code : new int[] {301, 302, 303, 307, 308}) {
            try (Download d = open.open(URI.create(origin.url("/r" + code)), CAP)) {
                assertThat(d.url()).hasToString(origin.url("/file.bin"));
                assertThat(d.body().readAllBytes()).isEqualTo(DATA);
            }
        }
        try (Download d = open.open(URI.create(origin.url("/hop5")), CAP)) {
            assertThat(d.url()).hasToString(origin.url("/hop0"));
            assertThat(d.body().readAllBytes()).isEqualTo(DATA);
        }
        fails(open, origin.url("/hop6"), FetchError.REDIRECTS_LIMIT_EXCEEDED, "Too many redirects.");
        fails(open, origin.url("/ftp"), FetchError.URL_SCHEME_INVALID, "Invalid URL scheme.");
    }

    @Test
    void defaultGuardRefusesLoopbackBeforeConnecting() {
        Fetcher strict = new Fetcher(FetchLimits.of(Duration.ofSeconds(2), 5), AddressGuard.publicOnly(), HostResolver.system());
        try (strict) {
            int before = origin.hits("/secret");
            for (String url : new String[] {origin.url("/secret"), "http://localhost:" + origin.port() + "/secret",
                    "http://[::ffff:127.0.0.1]:" + origin.port() + "/secret", "http://2130706433:" + origin.port() + "/secret",
                    "http://0.0.0.0:" + origin.port() + "/secret", "http://[::1]:" + origin.port() + "/secret"}) {
                fails(strict, url, FetchError.PRIVATE_IP_FORBIDDEN, "Only public IPs are allowed.");
                assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOf(FetchException.class)
                        .hasMessage("Only public IPs are allowed.");
            }
            assertThat(origin.hits("/secret")).isEqualTo(before);
        }
    }

    @Test
    void everyRedirectHopIsCheckedAgain() throws Exception {
        try (Download d = guarded.open(URI.create("http://public.test:" + publicOrigin.port() + "/file.bin"), CAP)) {
            assertThat(d.body().readAllBytes()).isEqualTo(DATA); // the pretend-public hop itself is reachable
        }
        int before = origin.hits("/secret");
        for (String path : new String[] {"/to-loopback", "/to-localhost", "/to-mapped", "/to-metadata"}) {
            fails(guarded, "http://public.test:" + publicOrigin.port() + path, FetchError.PRIVATE_IP_FORBIDDEN,
                    "Only public IPs are allowed.");
        }
        assertThat(origin.hits("/secret")).isEqualTo(before);
    }

    @Test
    void answersAreCheckedAtConnectTimeSoRebindingFails() throws Exception {
        String url = "http://rebind.test:" + publicOrigin.port() + "/file.bin";
        URI checked = guarded.check(url); // first answer: the pretend-public address
        assertThatThrownBy(() -> guarded.open(checked, CAP)).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.error()).isEqualTo(FetchError.PRIVATE_IP_FORBIDDEN));
        fails(guarded, "http://mixed.test:" + publicOrigin.port() + "/file.bin", FetchError.PRIVATE_IP_FORBIDDEN,
                "Only public IPs are allowed.");
        fails(guarded, "http://nowhere.test/", FetchError.HOSTNAME_NOT_FOUND, "Host does not exist.");
    }

    @Test
    void socketsThemselvesRefuseUnresolvedOrRefusedAddresses() throws IOException {
        GuardedConnections connections = new GuardedConnections(AddressGuard.publicOnly(), HostResolver.system());
        for (var target : new java.net.InetSocketAddress[] {new java.net.InetSocketAddress("127.0.0.1", origin.port()),
                java.net.InetSocketAddress.createUnresolved("example.com", 80)}) {
            try (var socket = connections.create(null)) {
                assertThatThrownBy(() -> socket.connect(target, 1000)).as(target.toString())
                        .isInstanceOfSatisfying(FetchException.class,
                                e -> assertThat(e.error()).isEqualTo(FetchError.PRIVATE_IP_FORBIDDEN));
            }
        }
    }

    private static void fails(Fetcher fetcher, String url, FetchError error, String message) {
        assertThatThrownBy(() -> {
            try (Download d = fetcher.open(URI.create(url), CAP); InputStream body = d.body()) {
                body.readAllBytes();
            }
        }).as(url).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.code()).isEqualTo(error.code());
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    /** Discards what it is given. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
