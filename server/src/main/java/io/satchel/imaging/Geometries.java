package io.satchel.imaging;

import io.satchel.vips.Scope;
import io.satchel.vips.VipsImage;
import java.util.LinkedHashMap;
import java.util.Map;

/** How each {@link Geometry} step maps onto libvips. Sizes are exact; areas outside the image take the fill colour. */
final class Geometries {
    private static final int UNBOUNDED = 10_000_000;

    private final Scope s;
    private final Color fill;

    Geometries(Scope s, Color fill) {
        this.s = s;
        this.fill = fill;
    }

    /**
     * The {@code thumbnail_buffer} options that perform {@code first} while decoding (shrink-on-load),
     * or null when it cannot be done that way. Width is under {@code "width"}.
     */
    static Map<String, Object> shrinkOnLoad(TransformOp first) {
        Map<String, Object> plan = new LinkedHashMap<>();
        switch (first) {
            case Geometry.Preview p -> {
                plan.put("width", p.width());
                plan.put("height", p.height());
                plan.put("size", "down");
            }
            case Geometry.Resize r when r.stretch() == Stretch.ON -> {
                plan.put("width", r.width() > 0 ? r.width() : UNBOUNDED);
                plan.put("height", r.height() > 0 ? r.height() : UNBOUNDED);
                plan.put("size", r.width() > 0 && r.height() > 0 ? "force" : "both");
            }
            case Geometry.ScaleCrop c when c.stretch() == Stretch.ON && c.position() == Position.Align.CENTER -> {
                plan.put("width", c.width());
                plan.put("height", c.height());
                plan.put("size", "both");
                plan.put("crop", c.focus() == Geometry.Focus.CENTER ? "centre" : "attention");
            }
            default -> {
                return null;
            }
        }
        return plan;
    }

    VipsImage apply(VipsImage img, Geometry g) {
        return switch (g) {
            case Geometry.Preview p -> shrinkWithin(img, p.width(), p.height());
            case Geometry.Resize r -> resize(img, r);
            case Geometry.SmartResize r -> centred(thumb(img, r.width(), r.height(), "both"), r.width(), r.height());
            case Geometry.ScaleCrop c -> scaleCrop(img, c);
            case Geometry.Crop c -> {
                int cw = Math.max(1, c.width().resolve(img.width()));
                int ch = Math.max(1, c.height().resolve(img.height()));
                int[] at = c.position().topLeft(img.width(), img.height(), cw, ch);
                yield region(img, at[0], at[1], cw, ch);
            }
            case Geometry.CropRatio c -> {
                int w = img.width();
                int h = img.height();
                boolean wider = (long) w * c.ratioH() > (long) h * c.ratioW();
                int cw = wider ? (int) Math.round((double) h * c.ratioW() / c.ratioH()) : w;
                int ch = wider ? h : (int) Math.round((double) w * c.ratioH() / c.ratioW());
                int[] at = c.position().topLeft(w, h, Math.max(1, cw), Math.max(1, ch));
                yield region(img, at[0], at[1], Math.max(1, cw), Math.max(1, ch));
            }
            case Geometry.Rotate r -> r.degrees() == 0 ? img : s.apply("rot", s.copyMemory(img), "angle", switch (r.degrees()) {
                case 90 -> "d270"; // counter-clockwise
                case 180 -> "d180";
                default -> "d90";
            });
            case Geometry.Flip f -> s.apply("flip", s.copyMemory(img), "direction", "vertical");
            case Geometry.Mirror m -> s.apply("flip", img, "direction", "horizontal");
            case Geometry.BorderRadius b -> new Corners(s).round(img, b);
        };
    }

    /** Shrinks to fit inside a square of {@code side}; smaller images are left alone (the output cap). */
    VipsImage fitWithin(VipsImage img, int side) {
        return img.width() <= side && img.height() <= side ? img : shrinkWithin(img, side, side);
    }

    private VipsImage shrinkWithin(VipsImage img, int w, int h) {
        return img.width() <= w && img.height() <= h ? img : thumb(img, w, h, "down");
    }

    private VipsImage resize(VipsImage img, Geometry.Resize r) {
        int w = img.width();
        int h = img.height();
        int tw = r.width() > 0 ? r.width() : Math.max(1, (int) Math.round((double) w * r.height() / h));
        int th = r.height() > 0 ? r.height() : Math.max(1, (int) Math.round((double) h * r.width() / w));
        boolean upscale = tw > w || th > h;
        if (!upscale || r.stretch() == Stretch.ON) return thumb(img, tw, th, "force");
        if (r.stretch() == Stretch.OFF) return img;
        return centred(shrinkWithin(img, tw, th), tw, th); // FILL
    }

    private VipsImage scaleCrop(VipsImage img, Geometry.ScaleCrop c) {
        int w = img.width();
        int h = img.height();
        int tw = c.width();
        int th = c.height();
        if ((w >= tw && h >= th) || c.stretch() == Stretch.ON) {
            if (c.focus() != Geometry.Focus.CENTER && c.position() == Position.Align.CENTER) {
                return s.apply("thumbnail_image", img, "width", tw, "height", th, "size", "both", "crop", "attention",
                        "no_rotate", true);
            }
            double scale = Math.max((double) tw / w, (double) th / h);
            int sw = Math.max(tw, (int) Math.round(w * scale));
            int sh = Math.max(th, (int) Math.round(h * scale));
            VipsImage scaled = thumb(img, sw, sh, "force");
            int[] at = clamp(c.position().topLeft(sw, sh, tw, th), sw - tw, sh - th);
            return s.apply("extract_area", scaled, "left", at[0], "top", at[1], "width", tw, "height", th);
        }
        int cw = Math.min(tw, w);
        int ch = Math.min(th, h);
        int[] at = clamp(c.position().topLeft(w, h, cw, ch), w - cw, h - ch);
        VipsImage cropped = cw == w && ch == h ? img
                : s.apply("extract_area", img, "left", at[0], "top", at[1], "width", cw, "height", ch);
        return c.stretch() == Stretch.FILL ? centred(cropped, tw, th) : cropped;
    }

    /** {@code w}x{@code h} pixels from ({@code x},{@code y}); parts outside the image take the fill colour. */
    VipsImage region(VipsImage img, int x, int y, int w, int h) {
        if (x >= 0 && y >= 0 && x + w <= img.width() && y + h <= img.height()) {
            return s.apply("extract_area", img, "left", x, "top", y, "width", w, "height", h);
        }
        VipsImage base = withFillAlpha(img);
        return s.apply("embed", base, "x", -x, "y", -y, "width", w, "height", h, "extend", "background",
                "background", background(base));
    }

    private VipsImage centred(VipsImage img, int w, int h) {
        if (img.width() == w && img.height() == h) return img;
        return region(img, -(w - img.width()) / 2, -(h - img.height()) / 2, w, h);
    }

    private VipsImage thumb(VipsImage img, int w, int h, String size) {
        return s.apply("thumbnail_image", img, "width", w, "height", h, "size", size, "no_rotate", true);
    }

    /** A transparent fill needs an alpha band to show. */
    private VipsImage withFillAlpha(VipsImage img) {
        return fill.opaque() || img.hasAlpha() ? img : s.apply("bandjoin_const", img, "c", new double[] {255});
    }

    private double[] background(VipsImage img) {
        double grey = fill.grey();
        return switch (img.bands()) {
            case 1 -> new double[] {grey};
            case 2 -> new double[] {grey, fill.alpha()};
            case 3 -> new double[] {fill.red(), fill.green(), fill.blue()};
            default -> new double[] {fill.red(), fill.green(), fill.blue(), fill.alpha()};
        };
    }

    private static int[] clamp(int[] at, int maxX, int maxY) {
        return new int[] {Math.max(0, Math.min(at[0], maxX)), Math.max(0, Math.min(at[1], maxY))};
    }
}
