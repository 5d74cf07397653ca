package io.satchel.api.cdn;

import static io.satchel.api.cdn.CdnClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.delivery.Disposition;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raster images inline, other files attachments, active content sandboxed and never inline unasked. */
class CdnDispositionTest {
    private static final byte[] PNG = CdnClient.png();
    private static final String SVG = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\">"
            + "<script>alert(document.domain)</script><rect width=\"4\" height=\"4\"/></svg>";
    private static final String HTML = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";

    private static TestServer server;
    private static CdnClient cdn;
    private static String png;
    private static String text;
    private static String svg;
    private static String html;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        cdn = new CdnClient(server);
        Uploader up = new Uploader(server);
        png = up.upload(TestServer.PUB, "dot.png", PNG, "1");
        text = up.upload(TestServer.PUB, "notes.txt", "plain words", "1");
        svg = up.upload(TestServer.PUB, "logo.svg", SVG, "1");
        html = up.upload(TestServer.PUB, "page.html", HTML, "1");
        for (String uuid : new String[] {png, text, svg, html}) up.awaitReady(TestServer.PUB, uuid);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPngIsInline() {
        HttpResponse<byte[]> r = cdn.get("/" + png + "/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(PNG);
        assertThat(header(r, "Content-Type")).isEqualTo("image/png");
        assertThat(header(r, "Content-Disposition")).isEqualTo("inline; filename=\"dot.png\"; filename*=UTF-8''dot.png");
        assertThat(header(r, "Content-Security-Policy")).isNull();
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void aTextFileIsAnAttachment() {
        HttpResponse<byte[]> r = cdn.get("/" + text + "/");
        assertThat(header(r, "Content-Type")).isEqualTo("text/plain");
        assertThat(header(r, "Content-Disposition")).startsWith("attachment; ");
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void inlineOverridesTheDefaultBothWays() {
        assertThat(header(cdn.get("/" + png + "/-/inline/no/"), "Content-Disposition")).startsWith("attachment; ");
        assertThat(header(cdn.get("/" + text + "/-/inline/yes/shown.txt"), "Content-Disposition"))
                .isEqualTo("inline; filename=\"shown.txt\"; filename*=UTF-8''shown.txt");
        assertThat(header(cdn.get("/" + png + "/-/inline/no/-/inline/yes/"), "Content-Disposition")).startsWith("inline; ");
    }

    @Test
    void svgAndHtmlAreSandboxedAttachmentsByDefault() {
        for (String uuid : new String[] {svg, html}) {
            HttpResponse<byte[]> r = cdn.get("/" + uuid + "/");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(header(r, "Content-Disposition")).as(uuid).startsWith("attachment; ");
            assertThat(header(r, "Content-Security-Policy")).as(uuid).isEqualTo(Disposition.SANDBOX).contains("sandbox");
            assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        }
        assertThat(header(cdn.get("/" + svg + "/"), "Content-Type")).isEqualTo("image/svg+xml");
        assertThat(header(cdn.get("/" + html + "/"), "Content-Type")).isEqualTo("text/html");
        assertThat(new String(cdn.get("/" + svg + "/").body(), StandardCharsets.UTF_8)).isEqualTo(SVG);
    }

    @Test
    void activeContentIsInlineOnlyWhenAskedAndStillSandboxed() {
        HttpResponse<byte[]> r = cdn.get("/" + svg + "/-/inline/yes/");
        assertThat(header(r, "Content-Disposition")).startsWith("inline; ");
        assertThat(header(r, "Content-Security-Policy")).isEqualTo(Disposition.SANDBOX);
        HttpResponse<byte[]> ignored = cdn.get("/" + svg + "/-/@clib/x/y/-/resize/10x/");
        assertThat(header(ignored, "Content-Disposition")).startsWith("attachment; ");
        HttpResponse<byte[]> head = cdn.head("/" + html + "/-/inline/yes/");
        assertThat(header(head, "Content-Security-Policy")).isEqualTo(Disposition.SANDBOX);
    }

    @Test
    void theAddressFilenameCannotInjectHeaders() {
        HttpResponse<byte[]> r = cdn.get("/" + png + "/a%22%3B%20filename%3Devil.html%0D%0AX-Evil%3A%201");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "X-Evil")).isNull();
        assertThat(header(r, "Content-Disposition"))
                .isEqualTo("inline; filename=\"a_; filename=evil.htmlX-Evil: 1\"; "
                        + "filename*=UTF-8''a%22%3B%20filename%3Devil.htmlX-Evil%3A%201");
    }
}
