package io.satchel.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.Images;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PROCESS reads image headers with libvips: /info/ shows image_info exactly as spec §2.4 shapes it. */
class ImageAnalysisTest {
    static TestServer server;
    static Uploader uploader;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        uploader = new Uploader(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    JsonNode uploadAndWait(String name, byte[] bytes) {
        return uploader.awaitReady(TestServer.PUB, uploader.upload(TestServer.PUB, name, bytes, "1"));
    }

    @Test
    void aPngWithAlpha() {
        JsonNode info = uploadAndWait("a.png", Images.png(320, 200, true));
        assertThat(info.get("is_image").asBoolean()).isTrue();
        JsonNode image = info.get("image_info");
        assertThat(image.get("width").asInt()).isEqualTo(320);
        assertThat(image.get("height").asInt()).isEqualTo(200);
        assertThat(image.get("format").asText()).isEqualTo("PNG");
        assertThat(image.get("color_mode").asText()).isEqualTo("RGBA");
        assertThat(image.get("sequence").asBoolean()).isFalse();
        assertThat(image.get("orientation").isNull()).isTrue();
        assertThat(image.get("geo_location").isNull()).isTrue();
        assertThat(image.get("datetime_original").isNull()).isTrue();
        assertThat(image.has("dpi")).isTrue();
        assertThat(info.get("content_info").get("image")).isEqualTo(image);
        assertThat(info.get("content_info").get("mime").get("mime").asText()).isEqualTo("image/png");
    }

    @Test
    void aJpegWithExifOrientationDateAndGps() {
        JsonNode image = uploadAndWait("photo.jpg", Images.jpegWithExif(400, 300, 6)).get("image_info");
        assertThat(image.get("format").asText()).isEqualTo("JPEG");
        assertThat(image.get("color_mode").asText()).isEqualTo("RGB");
        assertThat(image.get("width").asInt()).isEqualTo(400);
        assertThat(image.get("height").asInt()).isEqualTo(300);
        assertThat(image.get("orientation").asInt()).isEqualTo(6);
        assertThat(image.get("datetime_original").asText()).isEqualTo("2018-08-20T08:59:50");
        assertThat(image.get("geo_location").get("latitude").asDouble()).isCloseTo(55.759758, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(image.get("geo_location").get("longitude").asDouble()).isCloseTo(-37.616667, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void notImages() {
        JsonNode text = uploadAndWait("notes.txt", "just words".getBytes(StandardCharsets.UTF_8));
        assertThat(text.get("is_image").asBoolean()).isFalse();
        assertThat(text.get("image_info").isNull()).isTrue();

        byte[] jpeg = Images.jpeg(300, 200);
        JsonNode broken = uploadAndWait("broken.jpg", Arrays.copyOf(jpeg, 40));
        assertThat(broken.get("is_image").asBoolean()).as("a JPEG no loader can read is not an image").isFalse();
        assertThat(broken.get("image_info").isNull()).isTrue();

        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>";
        JsonNode vector = uploadAndWait("logo.svg", svg.getBytes(StandardCharsets.UTF_8));
        assertThat(vector.get("is_image").asBoolean()).as("SVG is active content, not an allow-listed image").isFalse();
    }
}
