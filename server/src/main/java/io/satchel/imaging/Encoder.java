package io.satchel.imaging;

import io.satchel.vips.Scope;
import io.satchel.vips.VipsImage;

/**
 * Encodes the final image: alpha flattened onto the fill colour for JPEG, metadata kept or dropped as
 * {@code strip_meta} says (all by default, so GPS never leaks into a derived image), quality presets.
 */
final class Encoder {
    private final Scope s;
    private final TransformChain chain;
    private final Color fill;

    Encoder(Scope s, TransformChain chain, Color fill) {
        this.s = s;
        this.chain = chain;
        this.fill = fill;
    }

    byte[] encode(VipsImage img, Encoding encoding) {
        VipsImage out = img;
        if (encoding == Encoding.JPEG && out.hasAlpha()) {
            double[] bg = out.bands() <= 2 ? new double[] {fill.grey()} : new double[] {fill.red(), fill.green(), fill.blue()};
            out = s.apply("flatten", out, "background", bg);
        }
        VipsImage mem = s.copyMemory(out);
        Setting.MetaPolicy meta = chain.stripMeta();
        // srgb/keep_profile: the profile the pixels are in goes out, up to max_icc_size, whatever strip_meta says
        boolean keepProfile = chain.srgb().filter(m -> m == Setting.ProfileMode.KEEP_PROFILE).isPresent()
                && mem.blob(Colour.PROFILE).filter(p -> p.length <= chain.maxIccSizeKb() * 1024L).isPresent();
        if (meta != Setting.MetaPolicy.NONE) {
            // libvips 8.14.1's webpsave ignores strip; private fields must go from the image itself.
            for (String field : mem.fields()) {
                if (field.startsWith("exif-") || field.equals("xmp-data") || field.equals("iptc-data")
                        || (keepProfile && meta == Setting.MetaPolicy.ALL && field.contains("comment"))) {
                    mem.remove(field);
                }
            }
        }
        boolean strip = meta == Setting.MetaPolicy.ALL && !keepProfile;
        int q = quality(encoding);
        return switch (encoding) {
            case JPEG -> s.save(mem, "jpegsave_buffer", "Q", q, "strip", strip, "interlace", chain.progressive(),
                    "optimize_coding", true);
            case PNG -> s.save(mem, "pngsave_buffer", "strip", strip, "compression", 6);
            case WEBP -> s.save(mem, "webpsave_buffer", "Q", q, "strip", strip);
            case AVIF -> s.save(mem, "heifsave_buffer", "Q", q, "strip", strip, "compression", "av1");
        };
    }

    /** Quality presets (Uploadcare's exact numbers are not published); AVIF needs lower numbers for the same look. */
    private int quality(Encoding encoding) {
        int q = switch (chain.quality().orElse(Setting.QualityLevel.NORMAL)) {
            case LIGHTEST -> 50;
            case LIGHTER -> 65;
            case NORMAL, SMART -> 80;
            case SMART_RETINA -> 70;
            case BETTER -> 88;
            case BEST -> 95;
        };
        return encoding == Encoding.AVIF ? Math.max(20, q - 25) : q;
    }
}
