package io.satchel.vips;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many jobs on several threads: identical outputs, and libvips's own memory back where it started. */
class VipsSoakTest {
    static final Vips vips = Vips.load(Optional.ofNullable(System.getenv("SATCHEL_LIBVIPS_PATH")).map(java.nio.file.Path::of));

    static byte[] job(byte[] input, boolean webp) {
        try (Scope s = vips.scope()) {
            VipsImage thumb = s.thumbnail(input, 120);
            return webp ? s.save(thumb, "webpsave_buffer", "Q", 75) : s.save(thumb, "jpegsave_buffer", "Q", 80, "strip", true);
        }
    }

    @Test
    void concurrentJobsGiveTheSameBytesAndReleaseEverything() throws Exception {
        byte[] jpeg = TestImages.jpeg(900, 600);
        byte[] png = TestImages.png(700, 500, true);
        byte[] broken = Arrays.copyOf(jpeg, jpeg.length / 2);
        byte[] refJpeg = job(jpeg, false);
        byte[] refWebp = job(png, true);
        for (int i = 0; i < 20; i++) job(jpeg, i % 2 == 0); // warm up libvips's per-thread buffers
        Vips.Tracked before = vips.tracked();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int k = i;
                results.add(pool.submit(() -> {
                    if (k % 10 == 9) {
                        try {
                            job(broken, k % 20 == 19);
                            return "broken input accepted";
                        } catch (VipsException expected) {
                            return "ok";
                        }
                    }
                    boolean webp = k % 2 == 1;
                    byte[] out = job(webp ? png : jpeg, webp);
                    return Arrays.equals(out, webp ? refWebp : refJpeg) ? "ok" : "different bytes";
                }));
            }
            for (Future<String> f : results) assertThat(f.get()).isEqualTo("ok");
        } finally {
            pool.shutdown();
        }
        Vips.Tracked after = vips.tracked();
        assertThat(after.files()).isZero();
        assertThat(after.allocations()).isLessThanOrEqualTo(before.allocations());
        assertThat(after.bytes()).isLessThanOrEqualTo(before.bytes() + 1024 * 1024);
    }
}
