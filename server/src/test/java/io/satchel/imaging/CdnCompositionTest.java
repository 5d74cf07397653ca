package io.satchel.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.Images;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import io.satchel.vips.Scope;
import io.satchel.vips.Vips;
import io.satchel.vips.VipsImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * border_radius, overlay, rect and json-after-operations over real HTTP with real libvips. Outputs are
 * decoded with libvips itself, so alpha is read the same way in PNG, WebP and JPEG.
 */
class CdnCompositionTest {
    static TestServer server;
    static Uploader uploader;
    static String blue;        // 200x100 opaque blue PNG
    static String blueJpeg;    // 200x100 blue JPEG
    static String red;         // 50x50 opaque red PNG
    static String halfRed;     // 50x50 red PNG whose left half is transparent
    static String foreignRed;  // a red PNG of the other project
    static String text;        // not an image
    static String photo;       // 1200x800 JPEG
    static String cmyk;        // 120x80 red CMYK JPEG carrying libvips's built-in CMYK profile (~1 MB)
    static String tagged;      // 120x80 red sRGB JPEG carrying an sRGB profile (~7 KB)

    @BeforeAll
    static void start() {
        server = TestServer.start();
        uploader = new Uploader(server);
        blue = ready(TestServer.PUB, "blue.png", Images.encode(solid(200, 100, Color.BLUE, false), "png"));
        blueJpeg = ready(TestServer.PUB, "blue.jpg", Images.encode(solid(200, 100, Color.BLUE, false), "jpeg"));
        red = ready(TestServer.PUB, "red.png", Images.encode(solid(50, 50, Color.RED, false), "png"));
        BufferedImage half = solid(50, 50, Color.RED, true);
        for (int y = 0; y < 50; y++) for (int x = 0; x < 25; x++) half.setRGB(x, y, 0);
        halfRed = ready(TestServer.PUB, "half.png", Images.encode(half, "png"));
        foreignRed = ready(TestServer.PUB2, "theirs.png", Images.encode(solid(50, 50, Color.RED, false), "png"));
        text = ready(TestServer.PUB, "a.txt", "not an image".getBytes());
        photo = ready(TestServer.PUB, "photo.jpg", Images.jpeg(1200, 800));
        try (Scope s = Vips.load(Optional.empty()).scope()) {
            VipsImage black = s.image("black", "width", 120, "height", 80);
            VipsImage redImage = s.apply("copy", s.apply("cast", s.apply("linear", black, "a", new double[] {0, 0, 0},
                    "b", new double[] {220, 30, 30}), "format", "uchar"), "interpretation", "srgb");
            tagged = ready(TestServer.PUB, "tagged.jpg", s.save(redImage, "jpegsave_buffer", "profile", "srgb"));
            VipsImage inks = s.apply("icc_transform", redImage, "output_profile", "cmyk", "input_profile", "srgb");
            cmyk = ready(TestServer.PUB, "cmyk.jpg", s.save(inks, "jpegsave_buffer"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String ready(String pub, String name, byte[] bytes) {
        String uuid = uploader.upload(pub, name, bytes, "1");
        uploader.awaitReady(pub, uuid);
        return uuid;
    }

    static BufferedImage solid(int w, int h, Color c, boolean alpha) {
        BufferedImage img = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    static HttpResponse<byte[]> get(String path) {
        return server.sendForBytes(HttpRequest.newBuilder(server.uri(path)).build());
    }

    /** The output decoded by libvips: its size, bands and the pixels asked for. */
    record Decoded(int width, int height, int bands, String interpretation, boolean profile, Map<String, double[]> points) {
        double[] at(int x, int y) {
            return points.get(x + "," + y);
        }

        /** Alpha at a point, 255 when the image has none. */
        double alpha(int x, int y) {
            double[] p = at(x, y);
            return bands == 2 || bands == 4 ? p[bands - 1] : 255;
        }
    }

    static Decoded decode(HttpResponse<byte[]> r, int... xy) {
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        try (Scope s = Vips.load(Optional.empty()).scope()) {
            VipsImage img = s.load(r.body());
            VipsImage mem = s.copyMemory(img);
            Map<String, double[]> points = new java.util.HashMap<>();
            for (int i = 0; i < xy.length; i += 2) {
                points.put(xy[i] + "," + xy[i + 1], (double[]) s.call("getpoint",
                        Map.of("in", mem, "x", xy[i], "y", xy[i + 1]), List.of("out_array")).get("out_array"));
            }
            return new Decoded(mem.width(), mem.height(), mem.bands(), mem.interpretation(), mem.has("icc-profile-data"), points);
        }
    }

    static void isBlue(double[] p) {
        assertThat(p[0]).as("red of %s", java.util.Arrays.toString(p)).isLessThan(40);
        assertThat(p[2]).as("blue of %s", java.util.Arrays.toString(p)).isGreaterThan(215);
    }

    static void isRed(double[] p) {
        assertThat(p[0]).as("red of %s", java.util.Arrays.toString(p)).isGreaterThan(215);
        assertThat(p[2]).as("blue of %s", java.util.Arrays.toString(p)).isLessThan(40);
    }

    static String magic(HttpResponse<byte[]> r) {
        return Encoding.of(r.body()).name();
    }

    // --- border_radius

    @Test
    void roundedCornersAreTransparentInPngAndTheCentreStaysOpaque() {
        HttpResponse<byte[]> r = get("/" + blue + "/-/preview/-/border_radius/20/-/format/png/");
        assertThat(magic(r)).isEqualTo("PNG");
        Decoded d = decode(r, 0, 0, 199, 0, 199, 99, 0, 99, 100, 50, 30, 0, 0, 30, 3, 3);
        assertThat(d.bands()).isEqualTo(4);
        assertThat(d.alpha(0, 0)).isZero();
        assertThat(d.alpha(199, 0)).isZero();
        assertThat(d.alpha(199, 99)).isZero();
        assertThat(d.alpha(0, 99)).isZero();
        assertThat(d.alpha(3, 3)).as("still outside a 20 px arc").isZero();
        assertThat(d.alpha(100, 50)).isEqualTo(255);
        assertThat(d.alpha(30, 0)).as("straight top edge past the arc").isEqualTo(255);
        assertThat(d.alpha(0, 30)).as("straight left edge past the arc").isEqualTo(255);
        isBlue(d.at(100, 50));
    }

    @Test
    void autoPicksPngForRoundedCornersAndWebpKeepsTheAlpha() {
        HttpResponse<byte[]> auto = get("/" + blueJpeg + "/-/preview/-/border_radius/20/");
        assertThat(auto.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(decode(auto, 0, 0).alpha(0, 0)).isZero();
        HttpResponse<byte[]> webp = server.sendForBytes(HttpRequest.newBuilder(
                server.uri("/" + blueJpeg + "/-/preview/-/border_radius/20/-/format/webp/")).build());
        assertThat(magic(webp)).isEqualTo("WEBP");
        Decoded d = decode(webp, 0, 0, 100, 50);
        assertThat(d.bands()).isEqualTo(4);
        assertThat(d.alpha(0, 0)).isZero();
        assertThat(d.alpha(100, 50)).isEqualTo(255);
    }

    @Test
    void jpegCornersTakeTheFillColour() {
        Decoded filled = decode(get("/" + blue + "/-/preview/-/border_radius/20/-/setfill/ff0000/-/format/jpeg/"), 1, 1, 100, 50);
        assertThat(filled.bands()).isEqualTo(3);
        isRed(filled.at(1, 1));
        isBlue(filled.at(100, 50));
        Decoded white = decode(get("/" + blue + "/-/preview/-/border_radius/20/-/format/jpeg/"), 1, 1);
        assertThat(java.util.Arrays.stream(white.at(1, 1)).min().orElseThrow()).as("default fill is white").isGreaterThan(215);
    }

    @Test
    void percentRadiiMakeAnEllipseAndFourValuesGoClockwiseFromTopLeft() {
        // 50p on 200x100: an ellipse touching the middle of every side
        Decoded ellipse = decode(get("/" + blue + "/-/preview/-/border_radius/50p/-/format/png/"),
                10, 10, 100, 1, 100, 50, 1, 50, 190, 90);
        assertThat(ellipse.alpha(10, 10)).isZero();
        assertThat(ellipse.alpha(190, 90)).isZero();
        assertThat(ellipse.alpha(100, 50)).isEqualTo(255);
        assertThat(ellipse.alpha(100, 1)).isGreaterThan(200);
        assertThat(ellipse.alpha(1, 50)).isGreaterThan(200);
        // top-left, top-right, bottom-right, bottom-left
        Decoded four = decode(get("/" + blue + "/-/preview/-/border_radius/0,30,0,30/-/format/png/"), 0, 0, 199, 0, 199, 99, 0, 99);
        assertThat(four.alpha(0, 0)).isEqualTo(255);
        assertThat(four.alpha(199, 0)).isZero();
        assertThat(four.alpha(199, 99)).isEqualTo(255);
        assertThat(four.alpha(0, 99)).isZero();
        // radii larger than the sides shrink together, as in CSS: still a valid image, corners cut
        Decoded huge = decode(get("/" + blue + "/-/preview/-/border_radius/5000/-/format/png/"), 0, 0, 100, 50);
        assertThat(huge.alpha(0, 0)).isZero();
        assertThat(huge.alpha(100, 50)).isEqualTo(255);
    }

    @Test
    void cornersMultiplyAnExistingAlphaAndFollowLaterGeometry() {
        // the half-transparent overlay file: its transparent left half stays transparent, the right corners get cut
        Decoded d = decode(get("/" + halfRed + "/-/preview/-/border_radius/10/-/format/png/"), 10, 25, 49, 0, 40, 25);
        assertThat(d.alpha(10, 25)).isZero();
        assertThat(d.alpha(49, 0)).isZero();
        assertThat(d.alpha(40, 25)).isEqualTo(255);
        // rounded, then resized: the corners shrink with the image
        Decoded small = decode(get("/" + blue + "/-/preview/-/border_radius/40/-/resize/100x/-/format/png/"), 0, 0, 50, 25);
        assertThat(small.width()).isEqualTo(100);
        assertThat(small.alpha(0, 0)).isZero();
        assertThat(small.alpha(50, 25)).isEqualTo(255);
    }

    @Test
    void malformedRadiiAreA400WithTheReason() {
        HttpResponse<byte[]> r = get("/" + blue + "/-/preview/-/border_radius/1,2,3,4,5/");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body())).contains("border_radius");
        assertThat(get("/" + blue + "/-/preview/-/border_radius/abc/").statusCode()).isEqualTo(400);
    }

    // --- overlay

    @Test
    void anOverlayLandsWhereAskedAndTheRestIsUntouched() {
        HttpResponse<byte[]> r = get("/" + blue + "/-/preview/-/overlay/" + red + "/50x50/10,10/-/format/png/");
        Decoded d = decode(r, 30, 30, 11, 11, 5, 5, 100, 50, 65, 30);
        assertThat(d.width()).isEqualTo(200);
        assertThat(d.bands()).as("an opaque base stays opaque").isEqualTo(3);
        isRed(d.at(30, 30));
        isRed(d.at(11, 11));
        isBlue(d.at(5, 5));
        isBlue(d.at(100, 50));
        isBlue(d.at(65, 30));
    }

    @Test
    void overlaySizesArePercentsOfTheImageAndPositionsWorkLikeCss() {
        // 25p x 50p of 200x100 is a 50x50 box; centred: 75..125 x 25..75
        Decoded centred = decode(get("/" + blue + "/-/preview/-/overlay/" + red + "/25px50p/center/-/format/png/"),
                100, 50, 76, 26, 70, 50, 130, 50);
        isRed(centred.at(100, 50));
        isRed(centred.at(76, 26));
        isBlue(centred.at(70, 50));
        isBlue(centred.at(130, 50));
        // 100p,100p puts the overlay's bottom-right corner on the image's; the default size is the whole
        // image, kept square (100x100 fits 200x100)
        Decoded corner = decode(get("/" + blue + "/-/preview/-/overlay/" + red + "/100p,100p/-/format/png/"), 150, 50, 50, 50);
        isRed(corner.at(150, 50));
        isBlue(corner.at(50, 50));
    }

    @Test
    void opacityBlendsAndTheOverlaysOwnAlphaIsRespected() {
        Decoded half = decode(get("/" + blue + "/-/preview/-/overlay/" + red + "/50x50/0,0/50p/-/format/png/"), 25, 25, 100, 50);
        double[] p = half.at(25, 25);
        assertThat(p[0]).as("red channel blended").isBetween(100.0, 160.0);
        assertThat(p[2]).as("blue channel blended").isBetween(100.0, 160.0);
        isBlue(half.at(100, 50));
        Decoded holes = decode(get("/" + blue + "/-/preview/-/overlay/" + halfRed + "/50x50/0,0/-/format/png/"), 10, 25, 40, 25);
        isBlue(holes.at(10, 25));
        isRed(holes.at(40, 25));
    }

    @Test
    void anOverlayKeepsAJpegAJpegAndSelfOverlaysWork() {
        HttpResponse<byte[]> r = get("/" + blueJpeg + "/-/preview/-/overlay/" + red + "/50x50/10,10/");
        assertThat(r.headers().firstValue("Content-Type")).contains("image/jpeg");
        isRed(decode(r, 30, 30).at(30, 30));
        HttpResponse<byte[]> self = get("/" + photo + "/-/preview/600x400/-/overlay/self/50px50p/100p,100p/");
        Decoded d = decode(self, 350, 250, 10, 10);
        assertThat(d.width()).isEqualTo(600);
        isRed(d.at(350, 250)); // the half-size copy's red quarter at 300..450 x 200..300
        isRed(d.at(10, 10));
    }

    @Test
    void anOverlayFromAnotherProjectOrUnknownOrNotAnImageIsA400() {
        String unknown = "0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f";
        for (String source : List.of(foreignRed, unknown)) {
            HttpResponse<byte[]> r = get("/" + blue + "/-/preview/-/overlay/" + source + "/");
            assertThat(r.statusCode()).as(source).isEqualTo(400);
            assertThat(new String(r.body())).isEqualTo("overlay: " + Layers.UNKNOWN);
            assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        }
        HttpResponse<byte[]> notImage = get("/" + blue + "/-/preview/-/overlay/" + text + "/");
        assertThat(notImage.statusCode()).isEqualTo(400);
        assertThat(new String(notImage.body())).isEqualTo("overlay: " + Layers.NOT_AN_IMAGE);
        assertThat(get("/" + blue + "/-/preview/-/overlay/" + foreignRed + "/-/json/").statusCode()).isEqualTo(400);
        // the other project may overlay its own file
        assertThat(get("/" + foreignRed + "/-/preview/-/overlay/" + foreignRed + "/").statusCode()).isEqualTo(200);
    }

    @Test
    void rectanglesAreDrawnWithTheirAlpha() {
        Decoded d = decode(get("/" + blue + "/-/preview/-/rect/ff0000/50x50/10,10/-/rect/ff000080/50x50/100,10/-/format/png/"),
                30, 30, 5, 5, 125, 35);
        isRed(d.at(30, 30));
        isBlue(d.at(5, 5));
        assertThat(d.at(125, 35)[0]).isBetween(100.0, 160.0);
        assertThat(d.at(125, 35)[2]).isBetween(100.0, 160.0);
    }

    // --- json after operations

    @Test
    void jsonDescribesTheResultOfTheOperationsBeforeIt() {
        var resized = Uploader.json(server.get("/" + photo + "/-/resize/100x/-/json/").body());
        assertThat(resized.get("width").asInt()).isEqualTo(100);
        assertThat(resized.get("height").asInt()).isEqualTo(67);
        assertThat(resized.get("id").asText()).isEqualTo(photo);
        assertThat(resized.get("format").asText()).isEqualTo("JPEG");
        List<String> fields = new java.util.ArrayList<>();
        resized.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("id", "dpi", "width", "height", "format", "sequence", "color_mode",
                "orientation", "geo_location", "datetime_original", "hash", "blurhash");
        var cropped = Uploader.json(server.get("/" + photo + "/-/preview/600x600/-/crop/100x50/0,0/-/rotate/90/-/json/").body());
        assertThat(cropped.get("width").asInt()).isEqualTo(50);
        assertThat(cropped.get("height").asInt()).isEqualTo(100);
        assertThat(Uploader.json(server.get("/" + photo + "/-/resize/4000x/-/json/").body()).get("width").asInt())
                .as("the output cap").isEqualTo(3000);
        // without a core operation the operations are ignored and the original is described
        var ignored = Uploader.json(server.get("/" + photo + "/-/crop/100x50/-/json/").body());
        assertThat(ignored.get("width").asInt()).isEqualTo(1200);
        assertThat(server.get("/" + photo + "/-/resize/100x/-/jsonp/").body()).contains("\"width\":100");
        assertThat(server.get("/" + photo + "/-/resize/100x/-/json/").body()).as("cached, same answer")
                .isEqualTo(server.get("/" + photo + "/-/resize/100x/-/json/").body());
    }

    // --- srgb, max_icc_size

    @Test
    void cmykIsConvertedToSrgbOnEveryDecodePath() {
        for (String chain : List.of("-/preview/", "-/rotate/90/-/preview/", "-/preview/-/srgb/fast/", "-/rotate/90/-/srgb/fast/-/preview/",
                "-/rotate/90/-/srgb/keep_profile/-/preview/")) {
            Decoded d = decode(get("/" + cmyk + "/" + chain + "-/format/png/"), 10, 10);
            assertThat(d.bands()).as(chain).isEqualTo(3);
            assertThat(d.interpretation()).as(chain).isEqualTo("srgb");
            assertThat(d.at(10, 10)[0]).as(chain).isGreaterThan(170);
            assertThat(d.at(10, 10)[1]).as(chain).isLessThan(100);
        }
    }

    @Test
    void keepProfileKeepsASmallProfileAndOtherwiseProfilesAreStripped() {
        assertThat(decode(get("/" + tagged + "/-/preview/-/format/jpeg/")).profile()).as("stripped by default").isFalse();
        Decoded kept = decode(get("/" + tagged + "/-/preview/-/srgb/keep_profile/-/format/jpeg/"), 10, 10);
        assertThat(kept.profile()).isTrue();
        assertThat(kept.at(10, 10)[0]).isGreaterThan(200);
        assertThat(decode(get("/" + tagged + "/-/preview/-/srgb/keep_profile/-/format/png/")).profile()).isTrue();
        assertThat(decode(get("/" + tagged + "/-/preview/-/srgb/keep_profile/-/max_icc_size/1/-/format/jpeg/")).profile())
                .as("7 KB is over 1 KB").isFalse();
        for (String mode : List.of("icc", "fast")) {
            Decoded d = decode(get("/" + tagged + "/-/preview/-/srgb/" + mode + "/-/format/jpeg/"), 10, 10);
            assertThat(d.profile()).as(mode).isFalse();
            assertThat(d.at(10, 10)[0]).as(mode).isGreaterThan(200);
        }
    }
}
