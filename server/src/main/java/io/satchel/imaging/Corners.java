package io.satchel.imaging;

import io.satchel.vips.Scope;
import io.satchel.vips.VipsImage;

/**
 * {@code border_radius}: CSS-like rounded corners, cut out as alpha. The image gains an alpha band (or its
 * alpha is multiplied), so PNG, WebP and AVIF outputs have transparent corners and JPEG shows the fill
 * colour there (the encoder flattens alpha onto it).
 *
 * <p>How the mask is made, with pure libvips operations only (8.14 has no {@code sdf}, SVG loading is
 * blocked, and the {@code draw_*} operations paint in place, which the generic call route does not
 * model): a 255 canvas ({@code black} inverted) with one small tile per rounded corner inserted. A tile
 * is {@code rx}x{@code ry} pixels, computed from {@code xyz} coordinates: with the corner's ellipse centre
 * at ({@code rx},{@code ry}) and {@code g = sqrt(u² + v²)}, {@code u = dx/rx}, {@code v = dy/ry} measured
 * at pixel centres, the signed distance to the ellipse is about {@code (1 - g)·g / |(u/rx, v/ry)|} (the
 * first-order estimate {@code (1 - g)/|∇g|}, exact for circles), and coverage is that distance plus a half
 * pixel, clamped to 0..1: a one-pixel anti-aliased edge whatever the ellipse's shape. The top-left
 * tile's shape is flipped into place for the other corners. The work is proportional to the corner
 * areas only, and nothing is evaluated until the encoder pulls pixels.
 */
final class Corners {
    private final Scope s;

    Corners(Scope s) {
        this.s = s;
    }

    VipsImage round(VipsImage img, Geometry.BorderRadius b) {
        int w = img.width();
        int h = img.height();
        int[][] radii = radii(b, w, h);
        if (radii == null) return img;
        VipsImage mask = s.apply("invert", s.image("black", "width", w, "height", h)); // 255 everywhere
        for (int corner = 0; corner < 4; corner++) {
            int rx = radii[corner][0];
            int ry = radii[corner][1];
            if (rx == 0 || ry == 0) continue;
            VipsImage tile = switch (corner) {
                case 0 -> tile(rx, ry);
                case 1 -> s.apply("flip", tile(rx, ry), "direction", "horizontal");
                case 2 -> s.apply("rot", tile(rx, ry), "angle", "d180");
                default -> s.apply("flip", tile(rx, ry), "direction", "vertical");
            };
            int x = corner == 1 || corner == 2 ? w - rx : 0;
            int y = corner >= 2 ? h - ry : 0;
            mask = s.image("insert", "main", mask, "sub", tile, "x", x, "y", y);
        }
        return withMask(img, mask);
    }

    /**
     * Whole-pixel radii {@code [corner][rx, ry]}, corners in CSS order (top-left, top-right, bottom-right,
     * bottom-left), or null when no corner is rounded. As in CSS, a corner with a zero radius on either
     * axis stays square, and when two adjacent radii add up to more than their side all radii shrink by
     * the same factor. Rounding down keeps adjacent tiles from overlapping.
     */
    static int[][] radii(Geometry.BorderRadius b, int w, int h) {
        double[] rx = new double[4];
        double[] ry = new double[4];
        for (int i = 0; i < 4; i++) {
            rx[i] = extent(b.horizontal().get(i), w);
            ry[i] = extent(b.vertical().get(i), h);
            if (rx[i] <= 0 || ry[i] <= 0) rx[i] = ry[i] = 0;
        }
        double f = 1;
        f = Math.min(f, fits(w, rx[0] + rx[1]));
        f = Math.min(f, fits(w, rx[3] + rx[2]));
        f = Math.min(f, fits(h, ry[0] + ry[3]));
        f = Math.min(f, fits(h, ry[1] + ry[2]));
        int[][] out = new int[4][2];
        boolean any = false;
        for (int i = 0; i < 4; i++) {
            out[i][0] = (int) Math.floor(rx[i] * f + 1e-9);
            out[i][1] = (int) Math.floor(ry[i] * f + 1e-9);
            if (out[i][0] == 0 || out[i][1] == 0) out[i][0] = out[i][1] = 0;
            any |= out[i][0] > 0;
        }
        return any ? out : null;
    }

    private static double extent(Length l, int side) {
        return l.percent() ? l.value() * side / 100.0 : l.value();
    }

    private static double fits(int side, double sum) {
        return sum > side ? side / sum : 1;
    }

    /** The top-left corner's coverage, 0 (outside the ellipse) to 255 (inside), as one uchar band. */
    private VipsImage tile(int rx, int ry) {
        VipsImage xy = s.image("xyz", "width", rx, "height", ry);
        // (u, v): pixel centres relative to the ellipse centre, in radii
        VipsImage uv = s.apply("linear", xy, "a", new double[] {1.0 / rx, 1.0 / ry},
                "b", new double[] {(0.5 - rx) / rx, (0.5 - ry) / ry});
        // (u/rx, v/ry): the gradient of g, times g
        VipsImage grad = s.apply("linear", xy, "a", new double[] {1.0 / rx / rx, 1.0 / ry / ry},
                "b", new double[] {(0.5 - rx) / rx / rx, (0.5 - ry) / ry / ry});
        VipsImage g = norm(uv);
        VipsImage inside = s.apply("linear", g, "a", new double[] {-1}, "b", new double[] {1}); // 1 - g
        VipsImage distance = s.image("divide", "left", s.image("multiply", "left", inside, "right", g), "right", norm(grad));
        VipsImage coverage = s.apply("linear", distance, "a", new double[] {255}, "b", new double[] {127.5});
        return s.apply("cast", coverage, "format", "uchar"); // clamps to 0..255
    }

    /** sqrt(a² + b²) of a two-band image. */
    private VipsImage norm(VipsImage twoBands) {
        VipsImage squares = s.image("multiply", "left", twoBands, "right", twoBands);
        VipsImage sum = s.apply("linear", s.apply("bandmean", squares), "a", new double[] {2}, "b", new double[] {0});
        return s.apply("math2_const", sum, "math2", "pow", "c", new double[] {0.5});
    }

    /** The image with {@code mask} as its alpha, or its alpha multiplied by the mask. */
    private VipsImage withMask(VipsImage img, VipsImage mask) {
        if (!img.hasAlpha()) return s.image("bandjoin", "in", new VipsImage[] {img, mask});
        VipsImage base = s.copyMemory(img); // colour and alpha are read side by side
        int bands = base.bands();
        VipsImage colour = s.apply("extract_band", base, "band", 0, "n", bands - 1);
        VipsImage alpha = s.apply("extract_band", base, "band", bands - 1);
        VipsImage product = s.image("multiply", "left", alpha, "right", mask);
        VipsImage scaled = s.apply("linear", product, "a", new double[] {1 / 255.0}, "b", new double[] {0.5});
        return s.image("bandjoin", "in", new VipsImage[] {colour, s.apply("cast", scaled, "format", "uchar")});
    }

}
