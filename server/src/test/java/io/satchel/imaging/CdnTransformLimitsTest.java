package io.satchel.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.Images;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pixel budget, purging variants on removal, and native memory across many transforms. */
class CdnTransformLimitsTest {
    static TestServer server;
    static Uploader uploader;

    @BeforeAll
    static void start() {
        server = TestServer.start(s -> s.withMaxInputPixels(500 * 400));
        uploader = new Uploader(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String ready(String name, byte[] bytes) {
        String uuid = uploader.upload(TestServer.PUB, name, bytes, "1");
        uploader.awaitReady(TestServer.PUB, uuid);
        return uuid;
    }

    @Test
    void imagesAboveThePixelBudgetAreServedAsTheyAre() {
        byte[] big = Images.jpeg(800, 600);
        String uuid = ready("big.jpg", big);
        HttpResponse<byte[]> r = server.sendForBytes(HttpRequest.newBuilder(server.uri("/" + uuid + "/-/preview/100x100/")).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(big);
    }

    @Test
    void anOverlayAboveThePixelBudgetIsA400NotTheOriginal() {
        String base = ready("base.jpg", Images.jpeg(200, 150));
        String big = ready("big-overlay.jpg", Images.jpeg(800, 600));
        HttpResponse<String> r = server.get("/" + base + "/-/preview/-/overlay/" + big + "/");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("overlay: " + Layers.TOO_LARGE);
        assertThat(server.get("/" + base + "/-/preview/-/overlay/" + base + "/50px50p/").statusCode()).isEqualTo(200);
    }

    @Test
    void removingAFilePurgesItsVariants() throws Exception {
        String uuid = ready("small.jpg", Images.jpeg(200, 150));
        assertThat(server.get("/" + uuid + "/-/preview/50x50/").statusCode()).isEqualTo(200);
        Path variants = server.dataDir().resolve("cache/results/" + uuid);
        Path shared = server.storeFolder().resolve("results/" + uuid);
        assertThat(variants).isDirectory();
        // the copy for other nodes is written in the background
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> Files.isDirectory(shared));
        HttpResponse<String> removed = server.send(HttpRequest.newBuilder(server.uri("/files/" + uuid + "/storage/"))
                .header("Accept", "application/vnd.uploadcare-v0.7+json")
                .header("Authorization", "Uploadcare.Simple " + TestServer.PUB + ":" + TestServer.SECRET)
                .DELETE().build());
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(server.get("/" + uuid + "/-/preview/50x50/").statusCode()).isEqualTo(404);
        assertThat(Files.exists(variants)).isFalse();
        assertThat(Files.exists(shared)).isFalse();
    }

    @Test
    void anAnswerRepeatedFromMemoryIsTheSameAndIsForgottenWithItsFile() {
        String uuid = ready("hot.jpg", Images.jpeg(200, 150));
        String path = "/" + uuid + "/-/preview/60x60/";
        HttpResponse<byte[]> computed = server.sendForBytes(HttpRequest.newBuilder(server.uri(path)).build());
        HttpResponse<byte[]> memory = server.sendForBytes(HttpRequest.newBuilder(server.uri(path)).build());
        assertThat(memory.headers().firstValue("X-Satchel-Cache")).contains("memory");
        // the third is answered by the event loop from the encoded copy the second left: same bytes, same headers
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> again = server.sendForBytes(HttpRequest.newBuilder(server.uri(path)).build());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(computed.body());
            for (String h : java.util.List.of("Content-Type", "Content-Length", "ETag", "Cache-Control", "Vary",
                    "Access-Control-Allow-Origin", "Content-Disposition")) {
                assertThat(again.headers().firstValue(h)).as(h).isEqualTo(memory.headers().firstValue(h));
            }
            assertThat(again.headers().firstValue("Date")).isPresent();
        }
        HttpResponse<String> removed = server.send(HttpRequest.newBuilder(server.uri("/files/" + uuid + "/storage/"))
                .header("Accept", "application/vnd.uploadcare-v0.7+json")
                .header("Authorization", "Uploadcare.Simple " + TestServer.PUB + ":" + TestServer.SECRET)
                .DELETE().build());
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(server.get(path).statusCode()).as("no copy outlives its file").isEqualTo(404);
    }

    @Test
    void twoThousandTransformsLeaveNativeMemoryFlat() throws Exception {
        String uuid = ready("soak.jpg", Images.jpeg(320, 240));
        for (int i = 0; i < 50; i++) server.get("/" + uuid + "/-/preview/" + (20 + i) + "x" + (20 + i) + "/"); // warm up
        long before = gauge("satchel_vips_tracked_bytes");
        long allocsBefore = gauge("satchel_vips_tracked_allocations");
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            java.util.List<Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                String effect = switch (i % 4) {
                    case 0 -> "";
                    case 1 -> "-/grayscale/";
                    case 2 -> "-/blur/15/";
                    default -> "-/format/webp/";
                };
                String path = "/" + uuid + "/-/preview/" + (100 + i / 4) + "x" + (100 + i / 4) + "/" + effect;
                statuses.add(clients.submit(() -> server.get(path).statusCode()));
            }
            for (Future<Integer> f : statuses) assertThat(f.get()).isEqualTo(200);
        } finally {
            clients.shutdown();
        }
        assertThat(gauge("satchel_vips_tracked_bytes")).isLessThanOrEqualTo(before + (1 << 20));
        assertThat(gauge("satchel_vips_tracked_allocations")).isLessThanOrEqualTo(allocsBefore);
        assertThat(gauge("satchel_vips_open_files")).isZero();
    }

    static long gauge(String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.E+-]+)$").matcher(server.get("/metrics").body());
        assertThat(m.find()).as(name).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }
}
