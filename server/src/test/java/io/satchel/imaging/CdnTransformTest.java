package io.satchel.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.Images;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CDN transforms over real HTTP with real libvips: sizes, formats, pixels, caching headers, errors. */
class CdnTransformTest {
    static TestServer server;
    static Uploader uploader;
    static String jpeg;    // 1200x800, red top-left quarter, blue top-right quarter
    static String png;     // 300x200 with a transparent bottom-left quarter
    static String rotated; // 400x300 stored, EXIF orientation 6: shown 300x400

    @BeforeAll
    static void start() {
        server = TestServer.start();
        uploader = new Uploader(server);
        jpeg = ready("photo.jpg", Images.jpeg(1200, 800));
        png = ready("logo.png", Images.png(300, 200, true));
        rotated = ready("phone.jpg", Images.jpegWithExif(400, 300, 6));
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

    static HttpResponse<byte[]> get(String path, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path));
        if (accept != null) b.header("Accept", accept);
        return server.sendForBytes(b.build());
    }

    static BufferedImage decode(HttpResponse<byte[]> r) throws IOException {
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(img).as("decodable image").isNotNull();
        return img;
    }

    static int[] rgb(BufferedImage img, int x, int y) {
        int p = img.getRGB(x, y);
        return new int[] {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
    }

    @Test
    void previewFitsAndCachesWithTheRightHeaders() throws IOException {
        HttpResponse<byte[]> first = get("/" + jpeg + "/-/preview/400x400/", null);
        BufferedImage img = decode(first);
        assertThat(img.getWidth()).isEqualTo(400);
        assertThat(img.getHeight()).isEqualTo(267);
        assertThat(first.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(first.headers().firstValue("Vary")).contains("Accept");
        assertThat(first.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(first.headers().firstValue("X-Satchel-Cache")).contains("computed");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> second = get("/" + jpeg + "/-/preview/400x400/", null);
        assertThat(second.headers().firstValue("X-Satchel-Cache")).contains("memory");
        assertThat(second.body()).isEqualTo(first.body());
        HttpResponse<byte[]> notModified = server.sendForBytes(HttpRequest.newBuilder(server.uri("/" + jpeg + "/-/preview/400x400/"))
                .header("If-None-Match", etag).build());
        assertThat(notModified.statusCode()).isEqualTo(304);
        HttpResponse<byte[]> part = server.sendForBytes(HttpRequest.newBuilder(server.uri("/" + jpeg + "/-/preview/400x400/"))
                .header("Range", "bytes=0-9").build());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOf(first.body(), 10));
        // the widget's own marker operations change nothing
        assertThat(get("/" + jpeg + "/-/@clib/file-uploader/1.0/uc-img/-/preview/400x400/", null).body()).isEqualTo(first.body());
    }

    @Test
    void formatFollowsAcceptOrTheExplicitChoice() throws IOException {
        HttpResponse<byte[]> webp = get("/" + jpeg + "/-/preview/200x200/", "image/webp,*/*");
        assertThat(webp.headers().firstValue("Content-Type")).contains("image/webp");
        assertThat(new String(webp.body(), 8, 4)).isEqualTo("WEBP");
        HttpResponse<byte[]> avif = get("/" + jpeg + "/-/preview/200x200/", "image/avif,image/webp,*/*");
        assertThat(avif.headers().firstValue("Content-Type")).contains("image/avif");
        assertThat(new String(avif.body(), 4, 8)).isEqualTo("ftypavif");
        HttpResponse<byte[]> forced = get("/" + jpeg + "/-/preview/200x200/-/format/png/", "image/webp");
        assertThat(forced.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(forced.headers().firstValue("Vary")).isEmpty();
        // alpha stays in PNG, and is flattened on white for JPEG
        BufferedImage withAlpha = decode(get("/" + png + "/-/preview/-/format/png/", null));
        assertThat(withAlpha.getColorModel().hasAlpha()).isTrue();
        assertThat(withAlpha.getRGB(10, 190) >>> 24).isZero();
        BufferedImage flattened = decode(get("/" + png + "/-/preview/-/format/jpeg/", null));
        assertThat(channels(rgb(flattened, 10, 190))).allSatisfy(c -> assertThat(c).isGreaterThan(240));
        assertThat(decode(get("/" + png + "/-/preview/", null)).getColorModel().hasAlpha()).as("auto picks PNG for alpha").isTrue();
    }

    @Test
    void geometry() throws IOException {
        assertThat(decode(get("/" + jpeg + "/-/resize/300x/", null)).getHeight()).isEqualTo(200);
        BufferedImage exact = decode(get("/" + jpeg + "/-/resize/300x100/", null));
        assertThat(exact.getWidth()).isEqualTo(300);
        assertThat(exact.getHeight()).isEqualTo(100);
        BufferedImage square = decode(get("/" + jpeg + "/-/scale_crop/120x120/center/", null));
        assertThat(square.getWidth()).isEqualTo(120);
        assertThat(square.getHeight()).isEqualTo(120);
        BufferedImage corner = decode(get("/" + jpeg + "/-/preview/600x600/-/crop/100x50/0,0/", null));
        assertThat(corner.getWidth()).isEqualTo(100);
        assertThat(rgb(corner, 50, 25)[0]).as("red top-left").isGreaterThan(200);
        BufferedImage mirrored = decode(get("/" + jpeg + "/-/preview/600x600/-/mirror/", null));
        assertThat(rgb(mirrored, 10, 10)[2]).as("blue moved to the left").isGreaterThan(200);
        BufferedImage flipped = decode(get("/" + jpeg + "/-/preview/600x600/-/flip/", null));
        assertThat(rgb(flipped, 10, 390)[0]).as("red moved to the bottom").isGreaterThan(200);
        BufferedImage turned = decode(get("/" + jpeg + "/-/preview/600x600/-/rotate/90/", null));
        assertThat(turned.getWidth()).isEqualTo(400);
        assertThat(turned.getHeight()).isEqualTo(600);
        assertThat(rgb(turned, 10, 590)[0]).as("counter-clockwise: top-left goes bottom-left").isGreaterThan(200);
        BufferedImage padded = decode(get("/" + jpeg + "/-/preview/600x400/-/crop/700x400/0,0/-/setfill/000000/", null));
        assertThat(padded.getWidth()).isEqualTo(700);
        assertThat(channels(rgb(padded, 690, 200))).allSatisfy(c -> assertThat(c).isLessThan(20));
        BufferedImage ratio = decode(get("/" + jpeg + "/-/preview/600x600/-/crop/1:1/", null));
        assertThat(ratio.getWidth()).isEqualTo(ratio.getHeight()).isEqualTo(400);
    }

    @Test
    void exifOrientationIsAppliedAndCanBeTurnedOff() throws IOException {
        BufferedImage upright = decode(get("/" + rotated + "/-/preview/200x200/", null));
        assertThat(upright.getWidth()).isEqualTo(150);
        assertThat(upright.getHeight()).isEqualTo(200);
        BufferedImage asStored = decode(get("/" + rotated + "/-/autorotate/no/-/preview/200x200/", null));
        assertThat(asStored.getWidth()).isEqualTo(200);
    }

    @Test
    void colourEffects() throws IOException {
        BufferedImage grey = decode(get("/" + jpeg + "/-/preview/300x300/-/grayscale/", null));
        int[] p = rgb(grey, 20, 20);
        assertThat(p[0]).isEqualTo(p[1]).isEqualTo(p[2]);
        BufferedImage inverted = decode(get("/" + jpeg + "/-/preview/300x300/-/invert/", null));
        assertThat(rgb(inverted, 20, 20)[0]).as("red becomes cyan").isLessThan(60);
        assertThat(rgb(inverted, 20, 20)[1]).isGreaterThan(200);
        int plain = luminance(decode(get("/" + jpeg + "/-/preview/300x300/", null)));
        assertThat(luminance(decode(get("/" + jpeg + "/-/preview/300x300/-/brightness/50/", null)))).isGreaterThan(plain);
        assertThat(luminance(decode(get("/" + jpeg + "/-/preview/300x300/-/exposure/-200/", null)))).isLessThan(plain);
        for (String effect : new String[] {"contrast/50", "saturation/80", "vibrance/50", "warmth/40", "gamma/150",
                "enhance/70", "blur/30", "blur/20/-50", "sharp/10", "blur_region/50x50/10,10/40"}) {
            assertThat(decode(get("/" + jpeg + "/-/preview/300x300/-/" + effect + "/", null)).getWidth()).as(effect).isEqualTo(300);
        }
        assertThat(decode(get("/" + png + "/-/preview/-/grayscale/-/format/png/", null)).getColorModel().hasAlpha()).isTrue();
    }

    @Test
    void qualityPresetsChangeTheSize() {
        int lightest = get("/" + jpeg + "/-/preview/600x600/-/quality/lightest/", null).body().length;
        int best = get("/" + jpeg + "/-/preview/600x600/-/quality/best/", null).body().length;
        assertThat(lightest).isLessThan(best);
        byte[] progressive = get("/" + jpeg + "/-/preview/600x600/-/progressive/yes/", null).body();
        assertThat(progressive).isNotEqualTo(get("/" + jpeg + "/-/preview/600x600/", null).body());
    }

    @Test
    void outputIsCappedAt3000PxOr5000ForJpeg() throws IOException {
        assertThat(decode(get("/" + jpeg + "/-/resize/4000x/", null)).getWidth()).isEqualTo(3000);
        assertThat(decode(get("/" + jpeg + "/-/resize/4000x/-/format/jpeg/", null)).getWidth()).isEqualTo(4000);
    }

    @Test
    void jsonDescribesTheImage() {
        HttpResponse<String> r = server.get("/" + jpeg + "/-/json/");
        assertThat(r.statusCode()).isEqualTo(200);
        var json = Uploader.json(r.body());
        assertThat(json.get("id").asText()).isEqualTo(jpeg);
        assertThat(json.get("width").asInt()).isEqualTo(1200);
        assertThat(json.get("height").asInt()).isEqualTo(800);
        assertThat(json.get("format").asText()).isEqualTo("JPEG");
        assertThat(json.has("hash")).isTrue();
        assertThat(server.get("/" + jpeg + "/-/jsonp/").body()).startsWith("uploadcare_callback({");
    }

    @Test
    void mainColorsFindsTheDominantColoursMostCommonFirst() {
        HttpResponse<String> r = server.get("/" + jpeg + "/-/main_colors/3/");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        var json = Uploader.json(r.body());
        assertThat(json.get("id").asText()).isEqualTo("/" + jpeg + "/-/preview/");
        assertThat(json.get("original").get("format").asText()).isEqualTo("JPEG");
        var colours = json.get("main_colors");
        assertThat(colours).hasSize(3);
        assertThat(colours.get(0).get(1).asInt()).as("green covers half the picture").isGreaterThan(200);
        assertThat(colours.get(0).get(0).asInt()).isLessThan(60);
        java.util.List<String> rest = java.util.List.of(colours.get(1).toString(), colours.get(2).toString());
        assertThat(rest).anySatisfy(c -> assertThat(Uploader.json(c).get(0).asInt()).isGreaterThan(200))  // red
                .anySatisfy(c -> assertThat(Uploader.json(c).get(2).asInt()).isGreaterThan(200));          // blue
        assertThat(server.get("/" + jpeg + "/-/main_colors/3/").body()).as("same answer every time").isEqualTo(r.body());
    }

    @Test
    void badArgumentsAreA400WithTheReasonAndOnlyImagesAreProcessed() {
        HttpResponse<String> bad = server.get("/" + jpeg + "/-/resize/abc/");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("resize");
        String text = uploader.upload(TestServer.PUB, "a.txt", "not an image", "1");
        uploader.awaitReady(TestServer.PUB, text);
        HttpResponse<String> original = server.get("/" + text + "/-/preview/100x100/");
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(original.body()).isEqualTo("not an image");
        assertThat(server.get("/" + text + "/-/json/").statusCode()).isEqualTo(400);
    }

    @Test
    void aDamagedImageIsA400AndTheServerCarriesOn() {
        byte[] whole = Images.jpeg(800, 600);
        String damaged = ready("damaged.jpg", Arrays.copyOf(whole, whole.length / 2));
        HttpResponse<String> r = server.get("/" + damaged + "/-/preview/100x100/");
        // the header reads (it is an image), the pixels do not: a clear 400, never a 500 or grey pixels
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("can not be processed");
        assertThat(get("/" + jpeg + "/-/preview/50x50/", null).statusCode()).isEqualTo(200);
    }

    static java.util.List<Integer> channels(int[] rgb) {
        return Arrays.stream(rgb).boxed().toList();
    }

    static int luminance(BufferedImage img) {
        long sum = 0;
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                int[] c = rgb(img, x, y);
                sum += c[0] + c[1] + c[2];
            }
        }
        return (int) (sum / ((img.getHeight() / 7 + 1) * (img.getWidth() / 7 + 1)));
    }
}
