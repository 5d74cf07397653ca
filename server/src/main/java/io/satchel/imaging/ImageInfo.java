package io.satchel.imaging;

/**
 * What the header of an image says (spec §2.4 {@code image_info}): read without decoding pixels.
 * {@code orientation}, {@code dpi}, {@code geoLocation} and {@code datetimeOriginal} are null when the
 * file does not carry them.
 */
public record ImageInfo(int width, int height, String format, String colorMode, Integer orientation,
                        int[] dpi, boolean sequence, GeoLocation geoLocation, String datetimeOriginal) {

    /** Decimal degrees, north and east positive. */
    public record GeoLocation(double latitude, double longitude) {}
}
