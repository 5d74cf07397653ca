package io.satchel.vips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VipsTest {
    static Vips vips;

    @BeforeAll
    static void load() {
        vips = Vips.load(Optional.ofNullable(System.getenv("SATCHEL_LIBVIPS_PATH")).map(java.nio.file.Path::of));
    }

    @Test
    void reportsItsVersion() {
        assertThat(vips.version()).matches("8\\.(1[4-9]|[2-9]\\d)\\..*");
    }

    @Test
    void readsTheHeaderWithoutDecoding() {
        try (Scope s = vips.scope()) {
            VipsImage png = s.load(TestImages.png(300, 200, true));
            assertThat(png.width()).isEqualTo(300);
            assertThat(png.height()).isEqualTo(200);
            assertThat(png.bands()).isEqualTo(4);
            assertThat(png.hasAlpha()).isTrue();
            assertThat(png.loader()).contains("pngload_buffer");
            VipsImage jpeg = s.load(TestImages.jpeg(64, 48));
            assertThat(jpeg.bands()).isEqualTo(3);
            assertThat(jpeg.interpretation()).isEqualTo("srgb");
            assertThat(jpeg.loader()).contains("jpegload_buffer");
            assertThat(jpeg.fields()).contains("width", "height", "vips-loader");
        }
    }

    @Test
    void thumbnailsShrinkKeepingTheAspectAndSaveEveryFormat() {
        try (Scope s = vips.scope()) {
            VipsImage thumb = s.thumbnail(TestImages.jpeg(1200, 800), 400);
            assertThat(thumb.width()).isEqualTo(400);
            assertThat(thumb.height()).isEqualTo(267);
            assertThat(s.save(thumb, "jpegsave_buffer", "Q", 80, "strip", true)).satisfies(b ->
                    assertThat(TestImages.startsWith(b, 0xFF, 0xD8, 0xFF)).isTrue());
            assertThat(TestImages.isWebp(s.save(thumb, "webpsave_buffer", "Q", 80))).isTrue();
            assertThat(s.save(thumb, "pngsave_buffer")).satisfies(b ->
                    assertThat(TestImages.startsWith(b, 0x89, 'P', 'N', 'G')).isTrue());
            assertThat(s.save(thumb, "gifsave_buffer")).satisfies(b ->
                    assertThat(TestImages.startsWith(b, 'G', 'I', 'F', '8')).isTrue());
            byte[] webp = s.save(thumb, "webpsave_buffer");
            VipsImage back = s.load(webp);
            assertThat(back.width()).isEqualTo(400);
            assertThat(back.loader()).contains("webpload_buffer");
        }
    }

    @Test
    void exifOrientationIsHonouredByThumbnail() {
        try (Scope s = vips.scope()) {
            byte[] rotated = TestImages.jpegWithOrientation(600, 400, 6);
            VipsImage header = s.load(rotated);
            assertThat(header.integer("orientation")).contains(6);
            VipsImage thumb = s.thumbnail(rotated, 200, "height", 10_000_000, "size", "down");
            assertThat(thumb.width()).isEqualTo(200);
            assertThat(thumb.height()).isEqualTo(300);
            VipsImage unrotated = s.thumbnail(rotated, 200, "no_rotate", true);
            assertThat(unrotated.height()).isEqualTo(133);
        }
    }

    @Test
    void imagesAreMadeFromNamedArgumentsAndBinaryFieldsRead() {
        try (Scope s = vips.scope()) {
            VipsImage canvas = s.image("black", "width", 30, "height", 20, "bands", 3);
            VipsImage coords = s.image("xyz", "width", 4, "height", 3);
            assertThat(coords.bands()).isEqualTo(2);
            VipsImage product = s.image("multiply", "left", coords, "right", coords);
            assertThat(pixel(s, product, 3, 2)).containsExactly(9, 4);
            VipsImage srgb = s.apply("copy", canvas, "interpretation", "srgb");
            VipsImage tagged = s.load(s.save(srgb, "pngsave_buffer", "profile", "srgb"));
            byte[] profile = tagged.blob("icc-profile-data").orElseThrow();
            assertThat(new String(profile, 36, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("acsp");
            assertThat(new String(profile, 16, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RGB ");
            assertThat(tagged.blob("no-such-field")).isEmpty();
            assertThat(tagged.blob("width")).as("not a binary field").isEmpty();
        }
    }

    @Test
    void theGenericRouteCallsAnyOperationWithTypedArguments() {
        try (Scope s = vips.scope()) {
            VipsImage img = s.load(TestImages.png(80, 40, false), "access", "random"); // read more than once
            VipsImage grey = s.apply("colourspace", img, "space", "b-w");
            assertThat(grey.bands()).isEqualTo(1);
            VipsImage mirrored = s.apply("flip", img, "direction", "horizontal");
            double[] topLeft = pixel(s, mirrored, 2, 2);
            assertThat(topLeft[2]).as("blue moved to the left").isGreaterThan(200);
            assertThat(topLeft[0]).isLessThan(60);
            VipsImage cropped = s.apply("extract_area", img, "left", 10, "top", 5, "width", 20, "height", 10);
            assertThat(cropped.width()).isEqualTo(20);
            VipsImage lin = s.apply("linear", img, "a", new double[] {1, 1, 1}, "b", new double[] {10, 10, 10});
            assertThat(lin.bands()).isEqualTo(3);
            Map<String, Object> avg = s.call("avg", Map.of("in", img), List.of("out"));
            assertThat((double) avg.get("out")).isBetween(0.0, 255.0);
            VipsImage joined = s.call("arrayjoin", Map.of("in", new VipsImage[] {img, mirrored}), List.of("out"))
                    .values().stream().map(VipsImage.class::cast).findFirst().orElseThrow();
            assertThat(joined.width()).isEqualTo(160);
        }
    }

    @Test
    void errorsAreExceptionsWithLibvipsText() {
        try (Scope s = vips.scope()) {
            byte[] garbage = new byte[2000];
            new java.util.Random(3).nextBytes(garbage);
            assertThatThrownBy(() -> s.load(garbage)).isInstanceOf(VipsException.class).hasMessageContaining("known format");
            byte[] jpeg = TestImages.jpeg(800, 600);
            byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 3);
            assertThatThrownBy(() -> s.save(s.load(truncated), "jpegsave_buffer")).isInstanceOf(VipsException.class);
            assertThatThrownBy(() -> s.save(s.thumbnail(truncated, 100), "webpsave_buffer")).isInstanceOf(VipsException.class);
            assertThatThrownBy(() -> s.apply("no_such_operation", s.load(jpeg))).isInstanceOf(VipsException.class)
                    .hasMessageContaining("no_such_operation");
            assertThatThrownBy(() -> s.apply("flip", s.load(jpeg), "direction", "sideways"))
                    .isInstanceOf(VipsException.class).hasMessageContaining("sideways");
            assertThatThrownBy(() -> s.apply("flip", s.load(jpeg), "nonsense", 1)).isInstanceOf(VipsException.class);
            assertThatThrownBy(() -> s.load(new byte[0])).isInstanceOf(VipsException.class);
        }
    }

    @Test
    void untrustedLoadersAreBlocked() {
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>";
        byte[] ppm = "P3\n1 1\n255\n255 0 0\n".getBytes(StandardCharsets.US_ASCII);
        try (Scope s = vips.scope()) {
            assertThatThrownBy(() -> s.load(svg.getBytes(StandardCharsets.UTF_8))).isInstanceOf(VipsException.class);
            assertThatThrownBy(() -> s.load(ppm)).isInstanceOf(VipsException.class);
            assertThatThrownBy(() -> s.thumbnail(svg.getBytes(StandardCharsets.UTF_8), 10)).isInstanceOf(VipsException.class);
        }
    }

    @Test
    void streamsAreReadIntoNativeMemory() throws Exception {
        byte[] jpeg = TestImages.jpeg(640, 480);
        try (Scope s = vips.scope()) {
            VipsImage header = s.load(new java.io.ByteArrayInputStream(jpeg), jpeg.length);
            assertThat(header.width()).isEqualTo(640);
            VipsImage thumb = s.thumbnail(new java.io.ByteArrayInputStream(jpeg), jpeg.length, 64);
            assertThat(thumb.width()).isEqualTo(64);
            assertThatThrownBy(() -> s.load(new java.io.ByteArrayInputStream(jpeg), jpeg.length + 10))
                    .isInstanceOf(java.io.EOFException.class);
        }
    }

    @Test
    void aClosedScopeRefusesWork() {
        Scope s = vips.scope();
        s.close();
        assertThatThrownBy(() -> s.load(TestImages.jpeg(8, 8))).isInstanceOf(IllegalStateException.class);
    }

    static double[] pixel(Scope s, VipsImage img, int x, int y) {
        return (double[]) s.call("getpoint", Map.of("in", img, "x", x, "y", y), List.of("out_array")).get("out_array");
    }
}
