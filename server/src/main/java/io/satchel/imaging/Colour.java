package io.satchel.imaging;

import io.satchel.vips.Scope;
import io.satchel.vips.VipsImage;

/** Brings any decoded image to 8-bit sRGB (or 8-bit grey), the space every step and encoder expects. */
final class Colour {
    private Colour() {}

    static VipsImage toDisplay(Scope s, VipsImage img) {
        return switch (img.interpretation()) {
            case "srgb", "b-w" -> img;
            case "grey16" -> s.apply("colourspace", img, "space", "b-w");
            case "cmyk" -> s.apply("icc_transform", img, "output_profile", "srgb", "embedded", true);
            default -> s.apply("colourspace", img, "space", "srgb");
        };
    }
}
