package io.satchel.imaging;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Operations that change pixels but not the image's size, run in chain order. Colour adjustments
 * take an integer level whose neutral value makes them a no-op.
 */
public sealed interface Effect extends TransformOp {
    /** Automatic enhancement, 0..100 (bare = 50). */
    record Enhance(int strength) implements Effect {
        static Enhance parse(Args a) {
            return new Enhance(optional(a, 0, 100, 50));
        }

        @Override
        public String canonical() {
            return "enhance/" + strength;
        }

        @Override
        public boolean isIdentity() {
            return strength == 0;
        }
    }

    /** -100..100, neutral 0. */
    record Brightness(int level) implements Effect {
        static Brightness parse(Args a) {
            return new Brightness(required(a, -100, 100));
        }

        @Override
        public String canonical() {
            return "brightness/" + level;
        }

        @Override
        public boolean isIdentity() {
            return level == 0;
        }
    }

    /** -500..500, neutral 0. */
    record Exposure(int level) implements Effect {
        static Exposure parse(Args a) {
            return new Exposure(required(a, -500, 500));
        }

        @Override
        public String canonical() {
            return "exposure/" + level;
        }

        @Override
        public boolean isIdentity() {
            return level == 0;
        }
    }

    /** 0..1000, neutral 100. */
    record Gamma(int level) implements Effect {
        static Gamma parse(Args a) {
            return new Gamma(required(a, 0, 1000));
        }

        @Override
        public String canonical() {
            return "gamma/" + level;
        }

        @Override
        public boolean isIdentity() {
            return level == 100;
        }
    }

    /** -100..500, neutral 0. */
    record Contrast(int level) implements Effect {
        static Contrast parse(Args a) {
            return new Contrast(required(a, -100, 500));
        }

        @Override
        public String canonical() {
            return "contrast/" + level;
        }

        @Override
        public boolean isIdentity() {
            return level == 0;
        }
    }

    /** -100..500, neutral 0. */
    record Saturation(int level) implements Effect {
        static Saturation parse(Args a) {
            return new Saturation(required(a, -100, 500));
        }

        @Override
        public String canonical() {
            return "saturation/" + level;
        }

        @Override
        public boolean isIdentity() {
            return level == 0;
        }
    }

    /** -100..500, neutral 0. */
    record Vibrance(int level) implements Effect {
        static Vibrance parse(Args a) {
            return new Vibrance(required(a, -100, 500));
        }

        @Override
        public String canonical() {
            return "vibrance/" + level;
        }

        @Override
        public boolean isIdentity() {
            return level == 0;
        }
    }

    /** -100..100, neutral 0. */
    record Warmth(int level) implements Effect {
        static Warmth parse(Args a) {
            return new Warmth(required(a, -100, 100));
        }

        @Override
        public String canonical() {
            return "warmth/" + level;
        }

        @Override
        public boolean isIdentity() {
            return level == 0;
        }
    }

    record Grayscale() implements Effect {
        static Grayscale parse(Args a) {
            a.end();
            return new Grayscale();
        }

        @Override
        public String canonical() {
            return "grayscale";
        }
    }

    record Invert() implements Effect {
        static Invert parse(Args a) {
            a.end();
            return new Invert();
        }

        @Override
        public String canonical() {
            return "invert";
        }
    }

    /**
     * Gaussian blur of {@code strength} 0..5000 (bare = 10); {@code amount} -200..100 (default 100,
     * full blur) scales the effect, and below 0 it sharpens as an unsharp mask.
     */
    record Blur(int strength, int amount) implements Effect {
        static final String STRENGTH = "strength must be an integer in 0..5000";
        static final String AMOUNT = "amount must be an integer in -200..100";

        static Blur parse(Args a) {
            int strength = a.optionalInt(0, 5000, 10, STRENGTH);
            int amount = a.optionalInt(-200, 100, 100, AMOUNT);
            a.end();
            return new Blur(strength, amount);
        }

        @Override
        public String canonical() {
            return "blur/" + strength + "/" + amount;
        }

        @Override
        public boolean isIdentity() {
            return strength == 0 || amount == 0;
        }
    }

    /**
     * Blur of {@code strength} 0..5000 (default 10) inside a {@code width}x{@code height} region whose
     * top-left corner is at {@code x},{@code y} (pixels or percent of the image). Repeatable.
     */
    record BlurRegion(Length width, Length height, Length x, Length y, int strength) implements Effect {
        static final String REGION = "region must be WxH/X,Y (or faces) with W,H in 1..5000 or a percent up to 100p";
        static final String ORIGIN = "origin must be X,Y with X,Y in 0..100000 or a percent up to 100p";

        /** {@code blur_region} covers two shapes: a rectangle, or {@code faces} (pending). */
        static TransformOp parse(Args a) {
            String first = a.next(REGION);
            if (first.equals("faces")) return Pending.BlurFaces.parse(a);
            Length[] wh = a.lengths(first, REGION);
            if (!(a.position(a.next(ORIGIN), false, false, ORIGIN) instanceof Position.Offset(Length x, Length y))) {
                throw a.fail(ORIGIN);
            }
            int strength = a.optionalInt(0, 5000, 10, Blur.STRENGTH);
            a.end();
            return new BlurRegion(wh[0], wh[1], x, y, strength);
        }

        @Override
        public String canonical() {
            return "blur_region/" + width.canonical() + "x" + height.canonical() + "/" + x.canonical() + ","
                    + y.canonical() + "/" + strength;
        }

        @Override
        public boolean isIdentity() {
            return strength == 0;
        }
    }

    /** Sharpen, 0..20 (bare = 5). */
    record Sharp(int strength) implements Effect {
        static Sharp parse(Args a) {
            return new Sharp(optional(a, 0, 20, 5));
        }

        @Override
        public String canonical() {
            return "sharp/" + strength;
        }

        @Override
        public boolean isIdentity() {
            return strength == 0;
        }
    }

    /**
     * Another image of the project ({@code source} a lower-case uuid) or the image itself ({@code self})
     * laid over this one: scaled, keeping its ratio, to fit inside {@code width}x{@code height}
     * (pixels, or percent of this image; default 100p), at {@code position} (default top-left), with
     * {@code opacity} percent (default 100). Repeatable; overlays stack in chain order.
     */
    record Overlay(String source, Length width, Length height, Position position, Length opacity) implements Effect {
        static final String SOURCE = "source must be a file uuid or self";
        static final String POSITION = "position must be center, top, right, bottom, left or X,Y (pixels, or percents in 0..100p)";
        static final String OPACITY = "opacity must be a percent in 0..100p";
        static final String SIZE = "size must be WxH with W,H in 1..5000 or a percent up to 100p";
        private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

        /** Parameters are optional but keep their order: size, position, opacity; each is told by its shape. */
        static Overlay parse(Args a) {
            String source = a.next(SOURCE);
            if (!source.equals("self") && !UUID.matcher(source).matches()) throw a.fail(SOURCE);
            Length[] wh = {Length.FULL, Length.FULL};
            Position at = Position.TOP_LEFT;
            Length opacity = Length.FULL;
            if (a.hasNext() && Args.sides(a.peek()) != null) wh = a.lengths(a.next(SIZE), SIZE);
            if (a.hasNext() && Position.looksLike(a.peek())) at = a.position(a.next(POSITION), false, false, POSITION);
            if (a.hasNext()) {
                opacity = Length.parse(a.next(OPACITY))
                        .filter(l -> (l.percent() || l.value() == 0) && l.within(0, 0, 100))
                        .orElseThrow(() -> a.fail(OPACITY));
            }
            a.end();
            return new Overlay(source.toLowerCase(Locale.ROOT), wh[0], wh[1], at, opacity);
        }

        @Override
        public String canonical() {
            return "overlay/" + source + "/" + width.canonical() + "x" + height.canonical() + "/" + position.canonical()
                    + "/" + opacity.canonical();
        }

        @Override
        public boolean isIdentity() {
            return opacity.value() == 0;
        }
    }

    /**
     * {@code rect/<color>/WxH/<position>}: a solid rectangle of {@code color} (its alpha blends), sized in
     * pixels or percent of the image and placed like a crop. Repeatable; rectangles stack in chain order.
     */
    record Rect(Color color, Length width, Length height, Position position) implements Effect {
        static final String FORM = "takes color/WxH/position: hex rgb, rrggbb or rrggbbaa; W,H in 1..5000 or a percent; an alignment or X,Y";

        static Rect parse(Args a) {
            Color color = a.color(a.next(FORM), FORM);
            Length[] wh = a.lengths(a.next(FORM), FORM);
            Position at = a.position(a.next(FORM), false, false, FORM);
            a.end();
            return new Rect(color, wh[0], wh[1], at);
        }

        @Override
        public String canonical() {
            return "rect/" + color.canonical() + "/" + width.canonical() + "x" + height.canonical() + "/" + position.canonical();
        }
    }

    private static int required(Args a, int min, int max) {
        String reason = "level must be an integer in " + min + ".." + max;
        int v = a.intIn(a.next(reason), min, max, reason);
        a.end();
        return v;
    }

    private static int optional(Args a, int min, int max, int fallback) {
        int v = a.optionalInt(min, max, fallback, "level must be an integer in " + min + ".." + max);
        a.end();
        return v;
    }
}
