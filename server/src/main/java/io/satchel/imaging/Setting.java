package io.satchel.imaging;

/**
 * Operations that set how the whole output is decoded or encoded, wherever they stand in the chain;
 * given twice, the last wins. {@link TransformChain} answers their effective values.
 */
public sealed interface Setting extends TransformOp {
    enum OutputFormat { JPEG, PNG, WEBP, AUTO, PRESERVE }

    enum QualityLevel { NORMAL, BETTER, BEST, LIGHTER, LIGHTEST, SMART, SMART_RETINA }

    enum MetaPolicy { ALL, NONE, SENSITIVE }

    enum ProfileMode { FAST, ICC, KEEP_PROFILE }

    /** {@code format}: the output format asked for; {@code auto} (the default) is negotiated from {@code Accept}. */
    record Format(OutputFormat value) implements Setting {
        static Format parse(Args a) {
            Format f = new Format(a.nextChoice(OutputFormat.class));
            a.end();
            return f;
        }

        @Override
        public String canonical() {
            return "format/" + Args.word(value);
        }
    }

    /** {@code quality}: the encoder preset; none given means the project's default. */
    record Quality(QualityLevel value) implements Setting {
        static Quality parse(Args a) {
            Quality q = new Quality(a.nextChoice(QualityLevel.class));
            a.end();
            return q;
        }

        @Override
        public String canonical() {
            return "quality/" + Args.word(value);
        }
    }

    /** {@code progressive}: progressive JPEG (default no). */
    record Progressive(boolean on) implements Setting {
        static Progressive parse(Args a) {
            boolean on = a.yesNo(a.next("takes yes or no"));
            a.end();
            return new Progressive(on);
        }

        @Override
        public String canonical() {
            return "progressive/" + (on ? "yes" : "no");
        }
    }

    /** {@code strip_meta}: which metadata to drop from the output (default {@code all}). */
    record StripMeta(MetaPolicy value) implements Setting {
        static StripMeta parse(Args a) {
            StripMeta s = new StripMeta(a.nextChoice(MetaPolicy.class));
            a.end();
            return s;
        }

        @Override
        public String canonical() {
            return "strip_meta/" + Args.word(value);
        }
    }

    /** {@code srgb}: colour profile conversion; none given means the applier's default. */
    record Srgb(ProfileMode value) implements Setting {
        static Srgb parse(Args a) {
            Srgb c = new Srgb(a.nextChoice(ProfileMode.class));
            a.end();
            return c;
        }

        @Override
        public String canonical() {
            return "srgb/" + Args.word(value);
        }
    }

    /** {@code max_icc_size}: largest ICC profile, in KB, that {@code srgb/icc} honours (default 10). */
    record MaxIccSize(int kilobytes) implements Setting {
        static final String SIZE = "size must be an integer number of KB in 0..10240";

        static MaxIccSize parse(Args a) {
            int kb = a.optionalInt(0, 10_240, 10, SIZE);
            a.end();
            return new MaxIccSize(kb);
        }

        @Override
        public String canonical() {
            return "max_icc_size/" + kilobytes;
        }
    }

    /** {@code autorotate}: honour the EXIF orientation (default yes). */
    record Autorotate(boolean on) implements Setting {
        static Autorotate parse(Args a) {
            boolean on = a.yesNo(a.next("takes yes or no"));
            a.end();
            return new Autorotate(on);
        }

        @Override
        public String canonical() {
            return "autorotate/" + (on ? "yes" : "no");
        }
    }

    /**
     * {@code setfill}: the background for crop padding, {@code stretch/fill}, {@code smart_resize}
     * padding and alpha flattening into JPEG. One colour for the whole chain: the last one wins.
     */
    record SetFill(Color color) implements Setting {
        static SetFill parse(Args a) {
            SetFill s = new SetFill(a.color(a.next("color must be hex rgb, rrggbb or rrggbbaa"), "color must be hex rgb, rrggbb or rrggbbaa"));
            a.end();
            return s;
        }

        @Override
        public String canonical() {
            return "setfill/" + color.canonical();
        }
    }

    /** {@code inline}: the {@code Content-Disposition}; does not change the bytes, so not in the canonical form. */
    record Inline(boolean on) implements Setting {
        static Inline parse(Args a) {
            boolean on = a.yesNo(a.next("takes yes or no"));
            a.end();
            return new Inline(on);
        }

        @Override
        public String canonical() {
            return "inline/" + (on ? "yes" : "no");
        }
    }
}
