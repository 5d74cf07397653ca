package io.satchel.imaging;

import java.util.Optional;

/**
 * Where a box (a crop, an overlay, a region) sits inside an image: an alignment word or {@code X,Y}
 * offsets of its top-left corner. Percent offsets work like CSS {@code background-position} (the
 * Uploadcare overlay docs say so): {@code P%} puts the box's P% point on the image's P% point, so
 * {@code 0p,0p} is top-left, {@code 50p,50p} centred and {@code 100p,100p} bottom-right.
 */
public sealed interface Position permits Position.Align, Position.Offset {
    Position TOP_LEFT = new Offset(Length.ZERO, Length.ZERO);

    enum Align implements Position {
        CENTER, TOP, RIGHT, BOTTOM, LEFT;

        @Override
        public String canonical() {
            return Args.word(this);
        }
    }

    record Offset(Length x, Length y) implements Position {
        @Override
        public String canonical() {
            return x.canonical() + "," + y.canonical();
        }
    }

    String canonical();

    /**
     * The top-left corner, in pixels, of an {@code innerW}x{@code innerH} box placed in an
     * {@code outerW}x{@code outerH} image; may be negative or past the edge when the box is larger.
     * {@code top}/{@code bottom} centre horizontally, {@code left}/{@code right} vertically.
     */
    default int[] topLeft(int outerW, int outerH, int innerW, int innerH) {
        int freeX = outerW - innerW;
        int freeY = outerH - innerH;
        return switch (this) {
            case Align a -> switch (a) {
                case CENTER -> new int[] {freeX / 2, freeY / 2};
                case TOP -> new int[] {freeX / 2, 0};
                case BOTTOM -> new int[] {freeX / 2, freeY};
                case LEFT -> new int[] {0, freeY / 2};
                case RIGHT -> new int[] {freeX, freeY / 2};
            };
            case Offset(Length x, Length y) -> new int[] {place(x, freeX), place(y, freeY)};
        };
    }

    private static int place(Length offset, int free) {
        return offset.percent() ? (int) Math.round(free * offset.value() / 100.0) : offset.px();
    }

    /**
     * An alignment word, or {@code X,Y} where each side is a pixel count ({@code negativePx} allows
     * negative ones) or a percent in 0..100; empty when the token is neither.
     */
    static Optional<Position> parse(String token, boolean percentOnly, boolean negativePx) {
        for (Align a : Align.values()) if (a.canonical().equals(token)) return Optional.of(a);
        int comma = token.indexOf(',');
        if (comma < 0 || comma != token.lastIndexOf(',')) return Optional.empty();
        Optional<Length> x = offset(token.substring(0, comma), percentOnly, negativePx);
        Optional<Length> y = offset(token.substring(comma + 1), percentOnly, negativePx);
        if (x.isEmpty() || y.isEmpty()) return Optional.empty();
        return Optional.of(new Offset(x.get(), y.get()));
    }

    private static Optional<Length> offset(String side, boolean percentOnly, boolean negativePx) {
        return Length.parse(side)
                .filter(l -> l.percent() || l.value() == 0 || !percentOnly)
                .filter(l -> l.within(negativePx ? -Args.MAX_OFFSET : 0, Args.MAX_OFFSET, 100));
    }

    /** Whether a token looks like a position at all (so positional parsers can tell it from a size). */
    static boolean looksLike(String token) {
        if (token.indexOf(',') >= 0) return true;
        for (Align a : Align.values()) if (a.canonical().equals(token)) return true;
        return false;
    }
}
