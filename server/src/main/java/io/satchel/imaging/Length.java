package io.satchel.imaging;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A length in pixels or in percent of the image it applies to ({@code 50p}, or {@code 50%} as some
 * builders write it). Zero is always pixels, so {@code 0p} and {@code 0} are the same value.
 */
public record Length(double value, boolean percent) {
    static final Length ZERO = new Length(0, false);
    static final Length FULL = new Length(100, true);

    private static final Pattern PIXELS = Pattern.compile("-?[0-9]{1,9}");
    private static final Pattern PERCENT = Pattern.compile("[0-9]{1,4}(\\.[0-9]{1,6})?[p%]");

    public Length {
        if (value == 0) {
            value = 0; // folds -0.0
            percent = false;
        }
    }

    static Length px(int value) {
        return new Length(value, false);
    }

    /** The syntax alone: integer pixels (maybe negative) or a non-negative decimal percent. */
    static Optional<Length> parse(String token) {
        if (PIXELS.matcher(token).matches()) {
            long v = Long.parseLong(token);
            return Optional.of(new Length(v, false)); // range is the caller's
        }
        if (PERCENT.matcher(token).matches()) {
            return Optional.of(new Length(Double.parseDouble(token.substring(0, token.length() - 1)), true));
        }
        return Optional.empty();
    }

    /** Pixels in {@code minPx..maxPx}, or a percent up to {@code maxPercent} (a zero percent is zero pixels). */
    boolean within(int minPx, int maxPx, double maxPercent) {
        return percent ? value <= maxPercent : value >= minPx && value <= maxPx;
    }

    /** In pixels, against the extent of the image (or box) it refers to. */
    public int resolve(int extent) {
        return percent ? (int) Math.round(value * extent / 100.0) : (int) value;
    }

    /** The pixel count; meaningful only when not {@link #percent()}. */
    public int px() {
        return (int) value;
    }

    String canonical() {
        if (!percent) return Long.toString((long) value);
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() + "p";
    }
}
