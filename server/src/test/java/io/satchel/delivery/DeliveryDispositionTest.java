package io.satchel.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeliveryDispositionTest {

    @Test
    void rasterImagesInlineEverythingElseAttachment() {
        assertThat(Disposition.of("image/png", Optional.empty())).isEqualTo(new Disposition(true, false));
        assertThat(Disposition.of("image/jpeg", Optional.empty()).inline()).isTrue();
        assertThat(Disposition.of("text/plain", Optional.empty())).isEqualTo(new Disposition(false, false));
        assertThat(Disposition.of("application/pdf", Optional.empty()).inline()).isFalse();
        assertThat(Disposition.of(null, Optional.empty()).inline()).isFalse();
    }

    @Test
    void theInlineOperationOverrides() {
        assertThat(Disposition.of("image/png", Optional.of(false)).inline()).isFalse();
        assertThat(Disposition.of("text/plain", Optional.of(true)).inline()).isTrue();
    }

    @Test
    void activeContentIsAnAttachmentUnlessAskedAndAlwaysActive() {
        for (String mime : new String[] {"image/svg+xml", "text/html", "application/xhtml+xml", "text/xml",
            "application/xml", "application/javascript", "text/javascript", "application/rss+xml", "IMAGE/SVG+XML"}) {
            assertThat(Disposition.of(mime, Optional.empty())).as(mime).isEqualTo(new Disposition(false, true));
            assertThat(Disposition.of(mime, Optional.of(true))).as(mime).isEqualTo(new Disposition(true, true));
        }
    }

    @Test
    void headerCarriesAnAsciiNameAndTheExactNameEncoded() {
        Disposition d = new Disposition(false, false);
        assertThat(d.header("report.pdf", "x")).isEqualTo("attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
        assertThat(new Disposition(true, false).header("Фото 1.jpg", "x"))
                .isEqualTo("inline; filename=\"____ 1.jpg\"; filename*=UTF-8''%D0%A4%D0%BE%D1%82%D0%BE%201.jpg");
        assertThat(d.header("😀.txt", "x")).isEqualTo("attachment; filename=\"_.txt\"; filename*=UTF-8''%F0%9F%98%80.txt");
    }

    @Test
    void quotesControlsAndSeparatorsNeverGetThrough() {
        String h = new Disposition(false, false).header("a\"b\\c\r\nSet-Cookie: x=1;%22.txt", "x");
        assertThat(h).doesNotContain("\r").doesNotContain("\n");
        assertThat(h).isEqualTo("attachment; filename=\"a_bcSet-Cookie: x=1;_22.txt\"; "
                + "filename*=UTF-8''a%22bcSet-Cookie%3A%20x%3D1%3B%2522.txt");
        assertThat(new Disposition(false, false).header("../../etc/passwd", "x")).contains("filename=\"....etcpasswd\"");
        assertThat(new Disposition(false, false).header("evil\u202Egpj.exe", "x")).contains("filename=\"evilgpj.exe\"");
    }

    @Test
    void anEmptyNameFallsBack() {
        Disposition d = new Disposition(false, false);
        assertThat(d.header(null, "stored.txt")).contains("filename=\"stored.txt\"");
        assertThat(d.header("\r\n", "stored.txt")).contains("filename=\"stored.txt\"");
        assertThat(d.header("..", "stored.txt")).contains("filename=\"stored.txt\"");
        assertThat(d.header(null, null)).contains("filename=\"file\"");
        assertThat(d.header("x".repeat(1000), "s")).contains("filename=\"" + "x".repeat(255) + "\"");
    }
}
