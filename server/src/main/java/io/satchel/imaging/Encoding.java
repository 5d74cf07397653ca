package io.satchel.imaging;

import java.util.Locale;

/**
 * The encodings a transform can produce, how {@code format/auto} picks one from {@code Accept}
 * (spec §4.3), and how to tell them apart by their first bytes (variants are cached without a type).
 */
public enum Encoding {
    JPEG("image/jpeg"), PNG("image/png"), WEBP("image/webp"), AVIF("image/avif");

    /** AVIF is chosen by {@code auto} only for outputs up to this many pixels: AV1 encoding is slow. */
    static final long AVIF_MAX_PIXELS = 2_000_000;

    public final String mimeType;

    Encoding(String mimeType) {
        this.mimeType = mimeType;
    }

    /** What an {@code Accept} header allows {@code format/auto} to use: the best modern format it lists. */
    public enum Accepts { AVIF, WEBP, NEITHER }

    public static Accepts accepts(String acceptHeader) {
        if (acceptHeader == null) return Accepts.NEITHER;
        String a = acceptHeader.toLowerCase(Locale.ROOT);
        if (lists(a, "image/avif")) return Accepts.AVIF;
        if (lists(a, "image/webp")) return Accepts.WEBP;
        return Accepts.NEITHER;
    }

    /**
     * The encoding of a rendered image: an explicit format wins; {@code auto} takes AVIF (small outputs)
     * or WebP when accepted, else PNG for images with alpha and JPEG otherwise; {@code preserve} keeps a
     * PNG or JPEG source's format and otherwise chooses PNG or JPEG by alpha.
     */
    static Encoding choose(Setting.OutputFormat wanted, Accepts accepts, String sourceFormat, boolean alpha, long outputPixels) {
        return switch (wanted) {
            case JPEG -> JPEG;
            case PNG -> PNG;
            case WEBP -> WEBP;
            case PRESERVE -> "PNG".equals(sourceFormat) ? PNG : "JPEG".equals(sourceFormat) ? JPEG : alpha ? PNG : JPEG;
            case AUTO -> switch (accepts) {
                case AVIF -> outputPixels <= AVIF_MAX_PIXELS ? AVIF : WEBP;
                case WEBP -> WEBP;
                case NEITHER -> alpha ? PNG : JPEG;
            };
        };
    }

    /** The encoding of encoded bytes, by their signature; JPEG if unknown. */
    public static Encoding of(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8) return JPEG;
        if (head.length >= 4 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') return PNG;
        if (head.length >= 12 && head[0] == 'R' && head[1] == 'I' && head[8] == 'W' && head[9] == 'E' && head[10] == 'B') return WEBP;
        if (head.length >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') return AVIF;
        return JPEG;
    }

    private static boolean lists(String accept, String type) {
        for (String part : accept.split(",")) {
            String[] params = part.trim().split(";");
            if (!params[0].trim().equals(type)) continue;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        return Double.parseDouble(p.substring(2)) > 0;
                    } catch (NumberFormatException e) {
                        return true;
                    }
                }
            }
            return true;
        }
        return false;
    }
}
