package io.satchel.imaging;

import io.satchel.vips.Scope;
import io.satchel.vips.Vips;
import io.satchel.vips.VipsException;
import io.satchel.vips.VipsImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The image port over libvips: every native call happens on the {@link ImagingPool}. */
public final class VipsEngine implements ImageEngine {
    private static final Pattern EXIF_DATETIME = Pattern.compile("^(\\d{4}):(\\d{2}):(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})");
    /** An EXIF rational triple as libvips renders it: {@code "55/1 45/1 3513/100 (55, 45, 35.13, …)"}. */
    private static final Pattern RATIONALS = Pattern.compile("^(\\d+)/(\\d+) (\\d+)/(\\d+) (\\d+)/(\\d+)");

    private final Vips vips;
    private final ImagingPool pool;
    private final java.time.Clock clock;

    public VipsEngine(Vips vips, ImagingPool pool, java.time.Clock clock) {
        this.vips = vips;
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public Rendered render(InputStream in, long size, TransformChain chain, Encoding.Accepts accepts, long maxInputPixels,
                           java.time.Instant deadline, java.util.Map<String, Source> overlays) throws IOException {
        return inScope(s -> new Renderer(s, chain, clock, deadline, maxInputPixels, overlays).render(s.read(in, size), accepts));
    }

    @Override
    public Size measure(InputStream in, long size, TransformChain chain, long maxInputPixels, java.time.Instant deadline)
            throws IOException {
        return inScope(s -> new Renderer(s, chain, clock, deadline, maxInputPixels, java.util.Map.of()).measure(s.read(in, size)));
    }

    @Override
    public Optional<ImageInfo> probe(InputStream in, long size) throws IOException {
        return inScope(s -> {
            try {
                return Optional.of(describe(s.load(in, size)));
            } catch (VipsException e) {
                return Optional.<ImageInfo>empty(); // not an image an allow-listed loader reads
            }
        });
    }

    @Override
    public byte[] sample(InputStream in, long size, int box, long maxInputPixels) throws IOException {
        return inScope(s -> {
            Scope.Input input = s.read(in, size);
            Renderer.checkPixels(s.load(input), maxInputPixels);
            VipsImage small = Colour.toDisplay(s, s.thumbnail(input, box, "height", box, "size", "down"));
            return s.save(small, "pngsave_buffer", "strip", true, "compression", 1);
        });
    }

    /** Work on libvips: on an imaging thread, in a scope of its own; bytes libvips cannot decode are a 400. */
    private <T> T inScope(ScopedWork<T> work) throws IOException {
        try {
            return pool.run(() -> {
                try (Scope s = vips.scope()) {
                    return work.run(s);
                } catch (VipsException e) {
                    throw io.satchel.errors.Failure.badRequest("ImageProcessingError", "The image can not be processed.");
                }
            });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    @FunctionalInterface
    private interface ScopedWork<T> {
        T run(Scope s) throws Exception;
    }

    static ImageInfo describe(VipsImage img) {
        return new ImageInfo(img.width(), pageHeight(img), format(img), colorMode(img),
                img.integer("orientation").filter(o -> o >= 1 && o <= 8).orElse(null),
                img.has("resolution-unit") ? new int[] {dpi(img.xres()), dpi(img.yres())} : null,
                img.pages() > 1, geo(img), datetime(img));
    }

    private static int pageHeight(VipsImage img) {
        return img.integer("page-height").filter(h -> h > 0 && img.pages() > 1).orElse(img.height());
    }

    static String format(VipsImage img) {
        String loader = img.loader().orElse("");
        if (loader.startsWith("jpeg")) return "JPEG";
        if (loader.startsWith("png")) return "PNG";
        if (loader.startsWith("webp")) return "WEBP";
        if (loader.startsWith("gif")) return "GIF";
        if (loader.startsWith("tiff")) return "TIFF";
        if (loader.startsWith("heif")) {
            return img.string("heif-compression").filter(c -> c.startsWith("av1")).isPresent() ? "AVIF" : "HEIC";
        }
        return loader.isEmpty() ? "UNKNOWN" : loader.replaceAll("load.*", "").toUpperCase(java.util.Locale.ROOT);
    }

    static String colorMode(VipsImage img) {
        int bands = img.bands();
        boolean alpha = img.hasAlpha();
        if (img.has("palette-bit-depth")) return alpha ? "PA" : "P";
        return switch (img.interpretation()) {
            case "b-w", "grey16" -> alpha ? "LA" : "L";
            case "cmyk" -> "CMYK";
            case "lab", "labs", "labq" -> "LAB";
            default -> bands >= 4 || alpha ? "RGBA" : bands == 1 ? "L" : "RGB";
        };
    }

    private static int dpi(double pixelsPerMillimetre) {
        return (int) Math.round(pixelsPerMillimetre * 25.4);
    }

    private static String datetime(VipsImage img) {
        Optional<String> raw = img.string("exif-ifd2-DateTimeOriginal").or(() -> img.string("exif-ifd0-DateTime"));
        if (raw.isEmpty()) return null;
        Matcher m = EXIF_DATETIME.matcher(raw.get());
        return m.find() ? m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "T" + m.group(4) + ":" + m.group(5) + ":" + m.group(6) : null;
    }

    private static ImageInfo.GeoLocation geo(VipsImage img) {
        Double lat = degrees(img.string("exif-ifd3-GPSLatitude"), img.string("exif-ifd3-GPSLatitudeRef"), "S");
        Double lon = degrees(img.string("exif-ifd3-GPSLongitude"), img.string("exif-ifd3-GPSLongitudeRef"), "W");
        if (lat == null || lon == null) return null;
        return new ImageInfo.GeoLocation(Math.round(lat * 1e6) / 1e6, Math.round(lon * 1e6) / 1e6);
    }

    private static Double degrees(Optional<String> value, Optional<String> ref, String negative) {
        if (value.isEmpty()) return null;
        Matcher m = RATIONALS.matcher(value.get());
        if (!m.find()) return null;
        double d = ratio(m.group(1), m.group(2)) + ratio(m.group(3), m.group(4)) / 60 + ratio(m.group(5), m.group(6)) / 3600;
        if (Double.isNaN(d) || Double.isInfinite(d)) return null;
        return ref.filter(r -> r.startsWith(negative)).isPresent() ? -d : d;
    }

    private static double ratio(String num, String den) {
        double d = Double.parseDouble(den);
        return d == 0 ? 0 : Double.parseDouble(num) / d;
    }
}
