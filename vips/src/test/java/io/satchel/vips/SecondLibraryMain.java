package io.satchel.vips;

import java.nio.file.Path;
import java.util.Optional;

/** Exercises the binding against the libvips named by args[0], in its own JVM (one libvips per process). */
public final class SecondLibraryMain {
    private SecondLibraryMain() {}

    public static void main(String[] args) {
        Vips vips = Vips.load(Optional.of(Path.of(args[0])));
        System.out.println("version=" + vips.version());
        try (Scope s = vips.scope()) {
            VipsImage thumb = s.thumbnail(TestImages.jpegWithOrientation(600, 400, 6), 200, "height", 10_000_000, "size", "down");
            System.out.println("thumbnail=" + thumb.width() + "x" + thumb.height());
            System.out.println("jpeg=" + TestImages.startsWith(s.save(thumb, "jpegsave_buffer", "Q", 80), 0xFF, 0xD8));
            System.out.println("webp=" + TestImages.isWebp(s.save(thumb, "webpsave_buffer", "Q", 80)));
            byte[] avif = s.save(thumb, "heifsave_buffer", "compression", "av1", "Q", 50);
            System.out.println("avif=" + new String(avif, 4, 8, java.nio.charset.StandardCharsets.US_ASCII).startsWith("ftypavif"));
            VipsImage grey = s.apply("colourspace", s.load(TestImages.png(40, 20, false)), "space", "b-w");
            System.out.println("grey-bands=" + grey.bands());
            try {
                s.load("<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>".getBytes());
                System.out.println("svg=loaded");
            } catch (VipsException e) {
                System.out.println("svg=refused");
            }
        }
        for (int i = 0; i < 100; i++) {
            try (Scope s = vips.scope()) {
                s.save(s.thumbnail(TestImages.jpeg(300, 200), 50), "jpegsave_buffer");
            }
        }
        System.out.println("files-open=" + vips.tracked().files());
    }
}
