package io.satchel.imaging;

import io.satchel.errors.Failure;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The arguments of one known operation, read left to right. Every complaint is a 400 that names the
 * operation; user input is never echoed back.
 */
final class Args {
    /** Pixel sizes above this are refused here; the 3000/5000 output caps are checked on the result. */
    static final int MAX_PX = 5000;
    /** Offsets address the source image, which may be larger than any output (up to 75 Mpx). */
    static final int MAX_OFFSET = 100_000;

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,9}");

    private final String op;
    private final List<String> values;
    private int next;

    Args(String op, List<String> values) {
        this.op = op;
        this.values = values;
    }

    String op() {
        return op;
    }

    boolean hasNext() {
        return next < values.size();
    }

    /** The next argument; it must be there. */
    String next(String missing) {
        if (!hasNext()) throw fail(missing);
        return values.get(next++);
    }

    /** The next argument without consuming it, or null at the end. */
    String peek() {
        return hasNext() ? values.get(next) : null;
    }

    boolean hasMoreThanOne() {
        return next + 1 < values.size();
    }

    void skip() {
        next++;
    }

    /** Refuses arguments left over after the operation took what it understands. */
    void end() {
        if (!hasNext()) return;
        throw fail(next == 0 ? "takes no arguments" : "takes at most " + next + " argument" + (next == 1 ? "" : "s"));
    }

    Failure fail(String reason) {
        return failure(op, reason);
    }

    static Failure failure(String op, String reason) {
        return Failure.badRequest("InvalidOperation", op + ": " + reason);
    }

    /** An integer in {@code min..max}; anything else (decimals, NaN, overflow, junk) fails with {@code reason}. */
    int intIn(String token, int min, int max, String reason) {
        if (token == null || !INTEGER.matcher(token).matches()) throw fail(reason);
        long value = Long.parseLong(token);
        if (value < min || value > max) throw fail(reason);
        return (int) value;
    }

    /** The next argument as an integer in range, or {@code fallback} when there is none. */
    int optionalInt(int min, int max, int fallback, String reason) {
        return hasNext() ? intIn(values.get(next++), min, max, reason) : fallback;
    }

    /** One of {@code choices} (exact, lower case) or a failure naming them. */
    <E extends Enum<E>> E choice(String token, Class<E> type) {
        for (E e : type.getEnumConstants()) if (word(e).equals(token)) return e;
        throw fail("takes one of " + String.join(", ", words(type)));
    }

    /** The next argument, which must be there, as one of {@code type}'s words. */
    <E extends Enum<E>> E nextChoice(Class<E> type) {
        return choice(next("takes one of " + String.join(", ", words(type))), type);
    }

    static <E extends Enum<E>> List<String> words(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Args::word).toList();
    }

    /** {@code WxH} split at its one {@code x}; either side may be empty. Null when not of that shape. */
    static String[] sides(String token) {
        int x = token.indexOf('x');
        if (x < 0 || x != token.lastIndexOf('x')) return null;
        return new String[] {token.substring(0, x), token.substring(x + 1)};
    }

    /** Pixel {@code WxH}, W and H in 1..{@value #MAX_PX}; with {@code oneSide}, one of them may be left out (0). */
    int[] pixels(String token, boolean oneSide, String reason) {
        String[] s = sides(token);
        if (s == null) throw fail(reason);
        boolean noW = s[0].isEmpty();
        boolean noH = s[1].isEmpty();
        if ((noW || noH) && (!oneSide || (noW && noH))) throw fail(reason);
        int w = noW ? 0 : intIn(s[0], 1, MAX_PX, reason);
        int h = noH ? 0 : intIn(s[1], 1, MAX_PX, reason);
        return new int[] {w, h};
    }

    /** {@code WxH}, each side pixels in 1..{@value #MAX_PX} or a percent above 0 up to 100. */
    Length[] lengths(String token, String reason) {
        String[] s = sides(token);
        if (s == null) throw fail(reason);
        return new Length[] {size(s[0], reason), size(s[1], reason)};
    }

    /** Pixels in 1..{@value #MAX_PX} or a percent above 0 up to 100. */
    Length size(String token, String reason) {
        return Length.parse(token).filter(l -> l.within(1, MAX_PX, 100)).orElseThrow(() -> fail(reason));
    }

    /** A position (see {@link Position#parse}) or a failure with {@code reason}. */
    Position position(String token, boolean percentOnly, boolean negativePx, String reason) {
        return Position.parse(token, percentOnly, negativePx).orElseThrow(() -> fail(reason));
    }

    Color color(String token, String reason) {
        return Color.parse(token).orElseThrow(() -> fail(reason));
    }

    /** An enum constant as it is spelled in URLs. */
    static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    boolean yesNo(String token) {
        if ("yes".equals(token)) return true;
        if ("no".equals(token)) return false;
        throw fail("takes yes or no");
    }
}
