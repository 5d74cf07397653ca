package io.satchel.imaging;

import io.satchel.vips.Scope;
import io.satchel.vips.VipsImage;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How each {@link Effect} maps onto libvips. Colour effects touch the colour bands only; alpha passes
 * through. The tone curves are our own approximations of Uploadcare's (its exact curves are not
 * published): brightness adds, exposure multiplies by stops, contrast pivots around mid-grey,
 * saturation and vibrance scale chroma in LCh, warmth tilts red against blue, enhance stretches levels.
 */
final class Effects {
    private final Scope s;

    Effects(Scope s) {
        this.s = s;
    }

    VipsImage apply(VipsImage img, Effect e) {
        return switch (e) {
            case Effect.Grayscale g -> onColour(img, c -> c.bands() >= 3 ? s.apply("colourspace", c, "space", "b-w") : c);
            case Effect.Invert i -> onColour(img, c -> s.apply("invert", c));
            case Effect.Brightness b -> linear(img, 1, 2.55 * b.level());
            case Effect.Exposure x -> linear(img, Math.pow(2, x.level() / 100.0), 0);
            case Effect.Contrast c -> {
                double a = 1 + c.level() / 100.0;
                yield linear(img, a, 127.5 * (1 - a));
            }
            case Effect.Gamma g -> onColour(img, c -> uchar(s.apply("gamma", c, "exponent", Math.max(0.01, g.level() / 100.0))));
            case Effect.Saturation x -> chroma(img, 1 + x.level() / 100.0);
            case Effect.Vibrance v -> chroma(img, 1 + v.level() / 200.0);
            case Effect.Warmth w -> onColour(img, c -> c.bands() < 3 ? c
                    : uchar(s.apply("linear", c, "a", new double[] {1 + w.level() / 200.0, 1, 1 - w.level() / 200.0},
                            "b", new double[] {0, 0, 0})));
            case Effect.Blur b -> blur(img, b.strength() / 10.0, b.amount() / 100.0);
            case Effect.Sharp sh -> onColour(img, c -> s.apply("sharpen", c, "sigma", 0.5 + sh.strength() / 4.0));
            case Effect.Enhance en -> enhance(img, en.strength() / 100.0);
            case Effect.BlurRegion r -> blurRegion(img, r);
            case Effect.Overlay o -> throw new IllegalStateException("overlays are drawn by Layers");
            case Effect.Rect r -> throw new IllegalStateException("rectangles are drawn by Layers");
        };
    }

    private VipsImage linear(VipsImage img, double a, double b) {
        return onColour(img, c -> uchar(s.apply("linear", c, "a", new double[] {a}, "b", new double[] {b})));
    }

    private VipsImage chroma(VipsImage img, double factor) {
        return onColour(img, c -> {
            if (c.bands() < 3) return c;
            VipsImage lch = s.apply("colourspace", c, "space", "lch");
            VipsImage scaled = s.apply("linear", lch, "a", new double[] {1, factor, 1}, "b", new double[] {0, 0, 0});
            return uchar(s.apply("colourspace", scaled, "space", "srgb"));
        });
    }

    /** A Gaussian blur of {@code sigma}, mixed in by {@code amount} (1 = full; below 0 sharpens). */
    private VipsImage blur(VipsImage img, double sigma, double amount) {
        return onColour(img, c -> {
            if (amount == 1) return s.apply("gaussblur", c, "sigma", sigma);
            VipsImage base = s.copyMemory(c);
            VipsImage blurred = s.apply("gaussblur", base, "sigma", sigma);
            VipsImage kept = s.apply("linear", base, "a", new double[] {1 - amount}, "b", new double[] {0});
            VipsImage mixed = s.apply("linear", blurred, "a", new double[] {amount}, "b", new double[] {0});
            return uchar(call("add", Map.of("left", kept, "right", mixed)));
        });
    }

    /** Stretches the levels so the darkest pixel goes to 0 and the lightest to 255, mixed in by {@code strength}. */
    private VipsImage enhance(VipsImage img, double strength) {
        return onColour(img, c -> {
            VipsImage base = s.copyMemory(c);
            double min = (double) s.call("min", Map.of("in", base), List.of("out")).get("out");
            double max = (double) s.call("max", Map.of("in", base), List.of("out")).get("out");
            if (max - min < 1) return base;
            double a = 255 / (max - min);
            double b = -min * a;
            return uchar(s.apply("linear", base, "a", new double[] {1 + (a - 1) * strength}, "b", new double[] {b * strength}));
        });
    }

    private VipsImage blurRegion(VipsImage img, Effect.BlurRegion r) {
        int w = img.width();
        int h = img.height();
        int x = Math.max(0, Math.min(r.x().resolve(w), w - 1));
        int y = Math.max(0, Math.min(r.y().resolve(h), h - 1));
        int rw = Math.min(r.width().resolve(w), w - x);
        int rh = Math.min(r.height().resolve(h), h - y);
        if (rw <= 0 || rh <= 0 || r.strength() == 0) return img;
        VipsImage base = s.copyMemory(img);
        VipsImage area = s.apply("extract_area", base, "left", x, "top", y, "width", rw, "height", rh);
        VipsImage blurred = s.apply("gaussblur", area, "sigma", r.strength() / 10.0);
        return call("insert", Map.of("main", base, "sub", blurred, "x", x, "y", y));
    }

    /** Applies {@code f} to the colour bands, keeping the alpha band as it is. */
    private VipsImage onColour(VipsImage img, UnaryOperator<VipsImage> f) {
        if (!img.hasAlpha()) return f.apply(img);
        VipsImage base = s.copyMemory(img); // colour and alpha are read side by side
        int bands = base.bands();
        VipsImage colour = s.apply("extract_band", base, "band", 0, "n", bands - 1);
        VipsImage alpha = s.apply("extract_band", base, "band", bands - 1);
        return call("bandjoin", Map.of("in", new VipsImage[] {f.apply(colour), alpha}));
    }

    private VipsImage uchar(VipsImage img) {
        return s.apply("cast", img, "format", "uchar");
    }

    private VipsImage call(String op, Map<String, Object> args) {
        return (VipsImage) s.call(op, args, List.of("out")).get("out");
    }
}
