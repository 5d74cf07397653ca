package io.satchel.imaging;

import io.satchel.delivery.Chain;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a few typical chains on a generated photo-sized JPEG before the node takes traffic, so the
 * JIT has compiled the render path (and libvips has loaded its codecs) when the first users arrive.
 * A cold JVM spends the first ~100 transforms about a fifth slower, compiling; a node that has just
 * scaled out should not make its first visitors pay that. Nothing is stored; failures are only logged.
 */
public final class Warmup {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    private static final List<String> CHAINS = List.of(
            "resize/400x/-/format/jpeg/-/quality/normal/",
            "preview/300x300/-/format/webp/",
            "scale_crop/200x200/center/-/format/png/",
            "resize/800x/-/format/auto/-/progressive/yes/");
    private static final int ROUNDS = 12;

    private Warmup() {}

    public static void run(ImageEngine engine, long maxInputPixels, Clock clock) {
        long start = System.nanoTime();
        try {
            byte[] jpeg = photo(1600, 1200);
            List<TransformChain> chains = CHAINS.stream().map(c -> TransformChain.parse(Chain.ofEffects(c))).toList();
            Encoding.Accepts accepts = Encoding.accepts("image/webp,*/*");
            for (int round = 0; round < ROUNDS; round++) {
                for (TransformChain chain : chains) {
                    engine.render(new ByteArrayInputStream(jpeg), jpeg.length, chain, accepts, maxInputPixels,
                            clock.instant().plus(Duration.ofSeconds(30)), Map.of());
                }
            }
            LOG.info("imaging warmed up: {} transforms in {} ms", ROUNDS * CHAINS.size(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.warn("imaging warm-up skipped: {}", e.toString());
        }
    }

    /** A noisy gradient, so the JPEG codec does real work (a flat image decodes too easily). */
    private static byte[] photo(int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int n = random.nextInt(32);
                img.setRGB(x, y, ((x * 255 / width + n) & 0xff) << 16 | ((y * 255 / height + n) & 0xff) << 8 | (n * 4));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }
}
