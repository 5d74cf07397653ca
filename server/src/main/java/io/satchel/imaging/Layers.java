package io.satchel.imaging;

import io.satchel.vips.Scope;
import io.satchel.vips.VipsImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * What is laid over the image: {@code overlay} (another image of the project, or the image itself) and
 * {@code rect} (a solid rectangle). Both blend with {@code composite2} in {@code over} mode, honouring the
 * layer's alpha; the result keeps an alpha band only if the image had one, so an opaque photo stays a JPEG
 * under {@code format/auto}.
 */
final class Layers {
    /** Said for an unknown uuid and for another project's file alike, so no one learns which uuids exist elsewhere. */
    static final String UNKNOWN = "no image file with that uuid in this project";
    static final String NOT_AN_IMAGE = "the file is not an image";
    static final String TOO_LARGE = "the overlay image is too large to process";

    private final Scope s;
    private final Scope.Input original;
    private final Map<String, ImageEngine.Source> sources;
    private final long maxInputPixels;
    private final boolean autorotate;
    private final Map<String, Scope.Input> read = new HashMap<>();

    Layers(Scope s, Scope.Input original, Map<String, ImageEngine.Source> sources, long maxInputPixels, boolean autorotate) {
        this.s = s;
        this.original = original;
        this.sources = sources;
        this.maxInputPixels = maxInputPixels;
        this.autorotate = autorotate;
    }

    /**
     * The overlay scaled, keeping its ratio, to fit the box (up or down: the box is "a maximum linear size
     * along one of the axes"), placed as a CSS background-position would, its alpha scaled by the opacity.
     */
    VipsImage overlay(VipsImage img, Effect.Overlay o) throws IOException {
        int w = img.width();
        int h = img.height();
        int boxW = Math.max(1, o.width().resolve(w));
        int boxH = Math.max(1, o.height().resolve(h));
        boolean self = o.source().equals("self");
        Scope.Input input = self ? original : input(o.source());
        VipsImage header = s.load(input);
        long pixels = (long) header.width() * header.height() * Math.max(1, header.pages());
        if (pixels > maxInputPixels) throw Args.failure("overlay", TOO_LARGE);
        VipsImage layer = s.thumbnail(input, boxW, "height", boxH, "size", "both", "no_rotate", self && !autorotate);
        layer = Colour.toDisplay(s, layer);
        int[] at = o.position().topLeft(w, h, layer.width(), layer.height());
        double opacity = o.opacity().percent() ? o.opacity().value() / 100 : 0;
        return over(img, withOpacity(layer, opacity), at[0], at[1]);
    }

    /** A {@code rect}: a solid rectangle of the colour (its alpha blends), sized and placed like a crop. */
    VipsImage rect(VipsImage img, Effect.Rect r) {
        int w = img.width();
        int h = img.height();
        int rw = Math.max(1, r.width().resolve(w));
        int rh = Math.max(1, r.height().resolve(h));
        Color c = r.color();
        VipsImage black = s.image("black", "width", rw, "height", rh);
        VipsImage colour = s.apply("linear", black, "a", new double[] {0, 0, 0},
                "b", new double[] {c.red(), c.green(), c.blue()});
        VipsImage solid = s.apply("bandjoin_const", s.apply("cast", colour, "format", "uchar"), "c", new double[] {c.alpha()});
        solid = s.apply("copy", solid, "interpretation", "srgb");
        int[] at = r.position().topLeft(w, h, rw, rh);
        return over(img, solid, at[0], at[1]);
    }

    /** {@code layer} blended over {@code base} with its top-left corner at ({@code x},{@code y}); parts outside are cut. */
    private VipsImage over(VipsImage base, VipsImage layer, int x, int y) {
        boolean alpha = base.hasAlpha();
        VipsImage out = s.image("composite2", "base", base, "overlay", layer, "mode", "over", "x", x, "y", y);
        if (!alpha && out.hasAlpha()) out = s.apply("extract_band", out, "band", 0, "n", out.bands() - 1);
        return s.apply("cast", out, "format", "uchar");
    }

    /** The layer's alpha scaled by {@code opacity} (0..1); an opaque layer gains an alpha band for it. */
    private VipsImage withOpacity(VipsImage layer, double opacity) {
        if (opacity >= 1) return layer;
        if (!layer.hasAlpha()) return s.apply("bandjoin_const", layer, "c", new double[] {Math.round(255 * opacity)});
        int bands = layer.bands();
        double[] a = new double[bands];
        java.util.Arrays.fill(a, 1);
        a[bands - 1] = opacity;
        VipsImage scaled = s.apply("linear", layer, "a", a, "b", new double[bands]);
        return s.apply("cast", scaled, "format", "uchar");
    }

    /** Another file's bytes, read into the scope once however many overlays use them. */
    private Scope.Input input(String uuid) throws IOException {
        Scope.Input done = read.get(uuid);
        if (done != null) return done;
        ImageEngine.Source source = sources.get(uuid);
        if (source == null) throw Args.failure("overlay", UNKNOWN);
        try (InputStream in = source.open()) {
            Scope.Input input = s.read(in, source.size());
            read.put(uuid, input);
            return input;
        }
    }

}
