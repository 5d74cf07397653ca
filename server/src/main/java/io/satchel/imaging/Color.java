package io.satchel.imaging;

import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/** A colour written as hex without {@code #}: {@code rgb}, {@code rrggbb} or {@code rrggbbaa} (alpha, ff opaque). */
public record Color(int red, int green, int blue, int alpha) {
    /** The fill when a chain names none. */
    static final Color WHITE = new Color(255, 255, 255, 255);

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8}");

    static Optional<Color> parse(String token) {
        if (!HEX.matcher(token).matches()) return Optional.empty();
        String hex = token;
        if (hex.length() == 3) {
            StringBuilder b = new StringBuilder();
            for (char c : hex.toCharArray()) b.append(c).append(c);
            hex = b.toString();
        }
        int r = HexFormat.fromHexDigits(hex, 0, 2);
        int g = HexFormat.fromHexDigits(hex, 2, 4);
        int b = HexFormat.fromHexDigits(hex, 4, 6);
        int a = hex.length() == 8 ? HexFormat.fromHexDigits(hex, 6, 8) : 255;
        return Optional.of(new Color(r, g, b, a));
    }

    public boolean opaque() {
        return alpha == 255;
    }

    /** The grey of the same luminance (Rec. 709 weights), for one-band images. */
    double grey() {
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
    }

    /** {@code rrggbb} when opaque, else {@code rrggbbaa}; lower case. */
    String canonical() {
        String rgb = String.format("%02x%02x%02x", red, green, blue);
        return opaque() ? rgb : rgb + String.format("%02x", alpha);
    }
}
