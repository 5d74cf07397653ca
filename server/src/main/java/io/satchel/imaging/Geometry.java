package io.satchel.imaging;

import java.util.List;

/**
 * Operations that change the image's size or orientation, run in chain order: each one sees the
 * result of the previous ("a crop after a resize uses resized coordinates").
 */
public sealed interface Geometry extends TransformOp {
    /** Fit inside {@code width}x{@code height} keeping the ratio; never upscales. A core operation. */
    record Preview(int width, int height) implements Geometry {
        static final Preview DEFAULT = new Preview(2048, 2048);
        static final String SIZE = "size must be WxH with W,H in 1..5000";

        static Preview parse(Args a) {
            if (!a.hasNext()) return DEFAULT;
            int[] wh = a.pixels(a.next(SIZE), false, SIZE);
            a.end();
            return new Preview(wh[0], wh[1]);
        }

        @Override
        public String canonical() {
            return "preview/" + width + "x" + height;
        }
    }

    /**
     * To exactly {@code width}x{@code height} (may distort); a side of 0 follows the ratio. May upscale
     * unless {@link #stretch()} says otherwise. A core operation.
     */
    record Resize(int width, int height, Stretch stretch) implements Geometry {
        static final String SIZE = "size must be WxH, Wx or xH with W,H in 1..5000";

        static Resize parse(Args a) {
            int[] wh = a.pixels(a.next(SIZE), true, SIZE);
            a.end();
            return new Resize(wh[0], wh[1], Stretch.ON);
        }

        @Override
        public String canonical() {
            return "resize/" + side(width) + "x" + side(height);
        }
    }

    /**
     * Content-aware resize to exactly {@code width}x{@code height}. Until detection exists the applier
     * fits the image inside the box and pads it with the setfill colour (the fallback Uploadcare
     * itself uses when stretching the background would show). A core operation.
     */
    record SmartResize(int width, int height) implements Geometry {
        static SmartResize parse(Args a) {
            int[] wh = a.pixels(a.next(Preview.SIZE), false, Preview.SIZE);
            a.end();
            return new SmartResize(wh[0], wh[1]);
        }

        @Override
        public String canonical() {
            return "smart_resize/" + width + "x" + height;
        }
    }

    /**
     * A {@code width}x{@code height} region at {@code position} (default top-left {@code 0,0}); sizes
     * in pixels or percent of the current image; pixel offsets may be negative. Parts outside the image
     * are filled with the setfill colour.
     */
    record Crop(Length width, Length height, Position position) implements Geometry {
        static final String SIZE = "size must be WxH, A:B, face or image, with W,H in 1..5000 or a percent up to 100p";
        static final String POSITION = "position must be center, top, right, bottom, left or X,Y (pixels, or percents in 0..100p)";

        /** {@code crop} covers three shapes: {@code WxH}, {@code A:B} and {@code face|image}. */
        static TransformOp parse(Args a) {
            String first = a.next(SIZE);
            if (first.equals("face") || first.equals("image")) return Pending.CropObjects.parse(a, first);
            if (first.indexOf(':') >= 0) return CropRatio.parse(a, first);
            Length[] wh = a.lengths(first, SIZE);
            Position at = a.hasNext() ? a.position(a.next(POSITION), false, true, POSITION) : Position.TOP_LEFT;
            a.end();
            return new Crop(wh[0], wh[1], at);
        }

        @Override
        public String canonical() {
            return "crop/" + width.canonical() + "x" + height.canonical() + "/" + position.canonical();
        }
    }

    /** The largest {@code ratioW}:{@code ratioH} region (reduced to lowest terms), at {@code position} (default center). */
    record CropRatio(int ratioW, int ratioH, Position position) implements Geometry {
        static final String RATIO = "ratio must be A:B with A,B in 1..10000";

        static CropRatio parse(Args a, String token) {
            int[] ratio = ratio(a, token);
            Position at = a.hasNext() ? a.position(a.next(Crop.POSITION), false, true, Crop.POSITION) : Position.Align.CENTER;
            a.end();
            return new CropRatio(ratio[0], ratio[1], at);
        }

        /** {@code A:B} in lowest terms. */
        static int[] ratio(Args a, String token) {
            int colon = token.indexOf(':');
            if (colon < 0 || colon != token.lastIndexOf(':')) throw a.fail(RATIO);
            int w = a.intIn(token.substring(0, colon), 1, 10_000, RATIO);
            int h = a.intIn(token.substring(colon + 1), 1, 10_000, RATIO);
            int g = gcd(w, h);
            return new int[] {w / g, h / g};
        }

        @Override
        public String canonical() {
            return "crop/" + ratioW + ":" + ratioH + "/" + position.canonical();
        }
    }

    /** How {@code scale_crop} picks its region; everything but {@code CENTER} needs detection, and falls back to the position. */
    enum Focus {
        CENTER, SMART, SMART_FACES_OBJECTS_POINTS, SMART_FACES_OBJECTS, SMART_FACES_POINTS,
        SMART_OBJECTS_FACES_POINTS, SMART_OBJECTS_FACES, SMART_OBJECTS_POINTS, SMART_POINTS, SMART_OBJECTS, SMART_FACES
    }

    /**
     * Scale to cover {@code width}x{@code height}, then crop to exactly that at {@code position}
     * (default center; percent offsets only). A core operation.
     */
    record ScaleCrop(int width, int height, Focus focus, Position position, Stretch stretch) implements Geometry {
        static final String POSITION = "position must be center, top, right, bottom, left or Xp,Yp with X,Y in 0..100";

        static ScaleCrop parse(Args a) {
            int[] wh = a.pixels(a.next(Preview.SIZE), false, Preview.SIZE);
            Focus focus = Focus.CENTER;
            String type = a.peek();
            if (type != null && (type.startsWith("smart") || (type.equals("center") && a.hasMoreThanOne()))) {
                if (!Args.words(Focus.class).contains(type)) {
                    throw a.fail("type must be one of " + String.join(", ", Args.words(Focus.class)));
                }
                focus = a.choice(type, Focus.class);
                a.skip();
            }
            Position at = a.hasNext() ? a.position(a.next(POSITION), true, false, POSITION) : Position.Align.CENTER;
            a.end();
            return new ScaleCrop(wh[0], wh[1], focus, at, Stretch.ON);
        }

        @Override
        public String canonical() {
            String type = focus == Focus.CENTER ? "" : Args.word(focus) + "/";
            return "scale_crop/" + width + "x" + height + "/" + type + position.canonical();
        }
    }

    /** Counter-clockwise by {@code degrees}, one of 0, 90, 180, 270. */
    record Rotate(int degrees) implements Geometry {
        static final String ANGLE = "angle must be a whole multiple of 90";

        static Rotate parse(Args a) {
            int d = a.intIn(a.next(ANGLE), -999_999_999, 999_999_999, ANGLE);
            a.end();
            if (d % 90 != 0) throw a.fail(ANGLE);
            return new Rotate(Math.floorMod(d, 360));
        }

        @Override
        public String canonical() {
            return "rotate/" + degrees;
        }

        @Override
        public boolean isIdentity() {
            return degrees == 0;
        }
    }

    /** Upside down (vertical flip). */
    record Flip() implements Geometry {
        static Flip parse(Args a) {
            a.end();
            return new Flip();
        }

        @Override
        public String canonical() {
            return "flip";
        }
    }

    /** Left to right (horizontal mirror). */
    record Mirror() implements Geometry {
        static Mirror parse(Args a) {
            a.end();
            return new Mirror();
        }

        @Override
        public String canonical() {
            return "mirror";
        }
    }

    /**
     * CSS-like rounded corners, four horizontal and four vertical radii in the order top-left,
     * top-right, bottom-right, bottom-left (shorthands expanded as CSS does; vertical default to
     * horizontal). Percent of the image's width (horizontal) or height (vertical); {@code 50p} is an ellipse.
     */
    record BorderRadius(List<Length> horizontal, List<Length> vertical) implements Geometry {
        static final String RADII = "radii must be r or r,r,r,r (1 to 4) with r in 0..5000 or a percent up to 100p";

        public BorderRadius {
            horizontal = List.copyOf(horizontal);
            vertical = List.copyOf(vertical);
        }

        static BorderRadius parse(Args a) {
            List<Length> h = radii(a, a.next(RADII));
            List<Length> v = a.hasNext() ? radii(a, a.next(RADII)) : h;
            a.end();
            return new BorderRadius(h, v);
        }

        private static List<Length> radii(Args a, String token) {
            String[] parts = token.split(",", -1);
            if (parts.length > 4) throw a.fail(RADII);
            Length[] r = new Length[parts.length];
            for (int i = 0; i < parts.length; i++) {
                r[i] = Length.parse(parts[i]).filter(l -> l.within(0, Args.MAX_PX, 100)).orElseThrow(() -> a.fail(RADII));
            }
            return switch (r.length) {
                case 1 -> List.of(r[0], r[0], r[0], r[0]);
                case 2 -> List.of(r[0], r[1], r[0], r[1]);
                case 3 -> List.of(r[0], r[1], r[2], r[1]);
                default -> List.of(r);
            };
        }

        @Override
        public String canonical() {
            return "border_radius/" + join(horizontal) + "/" + join(vertical);
        }

        @Override
        public boolean isIdentity() {
            return horizontal.stream().allMatch(l -> l.value() == 0) || vertical.stream().allMatch(l -> l.value() == 0);
        }

        private static String join(List<Length> radii) {
            return String.join(",", radii.stream().map(Length::canonical).toList());
        }
    }

    private static String side(int px) {
        return px == 0 ? "" : Integer.toString(px);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
