package io.satchel.imaging;

import io.satchel.vips.Scope;
import io.satchel.vips.VipsException;
import io.satchel.vips.VipsImage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Brings any decoded image to 8-bit sRGB (or 8-bit grey), the space every step and encoder expects, as
 * {@code srgb} says (spec §4.2; Uploadcare publishes no exact rules, these are ours):
 * <ul>
 *   <li>{@code icc} (the default): an embedded profile that describes the pixels converts them to sRGB;
 *       without one the pixels are taken as sRGB (CMYK: libvips's built-in CMYK profile).</li>
 *   <li>{@code fast}: no embedded profile is used; the pixels are taken as sRGB (CMYK converts through
 *       the built-in profile).</li>
 *   <li>{@code keep_profile}: RGB and grey pixels are left as they are and their profile goes into the
 *       output (whatever {@code strip_meta} says), if it is at most {@code max_icc_size} KB; a larger
 *       one converts as {@code icc} (a big profile costs every page view more than it is worth).
 *       CMYK is always converted: every step works in sRGB.</li>
 * </ul>
 * A profile that no longer describes the pixels (libvips's thumbnail turns CMYK into sRGB but leaves the
 * CMYK profile attached) is dropped.
 */
final class Colour {
    static final String PROFILE = "icc-profile-data";

    private Colour() {}

    /** With the defaults: {@code icc}, profiles up to 10 KB. */
    static VipsImage toDisplay(Scope s, VipsImage img) {
        return toDisplay(s, img, Setting.ProfileMode.ICC, 10);
    }

    static VipsImage toDisplay(Scope s, VipsImage img, Setting.ProfileMode mode, int maxIccKb) {
        String interpretation = img.interpretation();
        Optional<byte[]> profile = img.blob(PROFILE).filter(p -> describes(p, interpretation));
        if (profile.isEmpty() && img.has(PROFILE)) {
            img = s.apply("copy", img); // a private header, so removing the field touches no one else's image
            img.remove(PROFILE);
        }
        boolean embedded = profile.isPresent() && mode != Setting.ProfileMode.FAST;
        if (interpretation.equals("cmyk")) {
            return s.apply("icc_transform", img, "output_profile", "srgb", "embedded", embedded);
        }
        boolean keep = mode == Setting.ProfileMode.KEEP_PROFILE && profile.isPresent()
                && profile.get().length <= maxIccKb * 1024L;
        boolean grey = interpretation.equals("b-w") || interpretation.equals("grey16");
        if (embedded && !keep && !grey) { // a grey profile barely differs from sRGB's curve: not worth three bands
            try {
                return s.apply("icc_transform", img, "output_profile", "srgb", "embedded", true);
            } catch (VipsException e) {
                // a profile lcms cannot use: take the pixels as sRGB, as fast does
            }
        }
        return switch (interpretation) {
            case "srgb", "b-w" -> img;
            case "grey16" -> s.apply("colourspace", img, "space", "b-w");
            default -> s.apply("colourspace", img, "space", "srgb");
        };
    }

    /** Whether an ICC profile's colour space (header bytes 16..19) is the one the pixels are in. */
    private static boolean describes(byte[] profile, String interpretation) {
        if (profile.length < 128) return false;
        String space = new String(profile, 16, 4, StandardCharsets.US_ASCII);
        return switch (interpretation) {
            case "srgb", "rgb16", "rgb", "scrgb" -> space.equals("RGB ");
            case "b-w", "grey16" -> space.equals("GRAY");
            case "cmyk" -> space.equals("CMYK");
            default -> false;
        };
    }
}
