package io.satchel.imaging;

import static io.satchel.imaging.Grammar.Repeat.INFO;
import static io.satchel.imaging.Grammar.Repeat.LAST_WINS;
import static io.satchel.imaging.Grammar.Repeat.NEXT_RESIZE;
import static io.satchel.imaging.Grammar.Repeat.SEQUENCE;
import static io.satchel.imaging.Grammar.Repeat.SETTING;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The closed grammar: every operation name the CDN understands, how it parses, and what a second
 * occurrence means. A name not here (including every {@code @}-marker) is ignored. Settings are
 * listed in the order the canonical form writes them.
 */
enum Grammar {
    // Geometry, run in order. The four core operations open the processing gate.
    PREVIEW("preview", SEQUENCE, Geometry.Preview::parse),
    RESIZE("resize", SEQUENCE, Geometry.Resize::parse),
    SMART_RESIZE("smart_resize", SEQUENCE, Geometry.SmartResize::parse),
    SCALE_CROP("scale_crop", SEQUENCE, Geometry.ScaleCrop::parse),
    STRETCH("stretch", NEXT_RESIZE, Stretch::parse),
    CROP("crop", SEQUENCE, Geometry.Crop::parse),
    ROTATE("rotate", SEQUENCE, Geometry.Rotate::parse),
    FLIP("flip", SEQUENCE, Geometry.Flip::parse),
    MIRROR("mirror", SEQUENCE, Geometry.Mirror::parse),
    ZOOM_OBJECTS("zoom_objects", SEQUENCE, Pending.ZoomObjects::parse),
    BORDER_RADIUS("border_radius", LAST_WINS, Geometry.BorderRadius::parse),

    // Effects: adjustments are levels (the last one given is the level), drawings stack.
    ENHANCE("enhance", LAST_WINS, Effect.Enhance::parse),
    BRIGHTNESS("brightness", LAST_WINS, Effect.Brightness::parse),
    EXPOSURE("exposure", LAST_WINS, Effect.Exposure::parse),
    GAMMA("gamma", LAST_WINS, Effect.Gamma::parse),
    CONTRAST("contrast", LAST_WINS, Effect.Contrast::parse),
    SATURATION("saturation", LAST_WINS, Effect.Saturation::parse),
    VIBRANCE("vibrance", LAST_WINS, Effect.Vibrance::parse),
    WARMTH("warmth", LAST_WINS, Effect.Warmth::parse),
    GRAYSCALE("grayscale", LAST_WINS, Effect.Grayscale::parse),
    INVERT("invert", LAST_WINS, Effect.Invert::parse),
    FILTER("filter", LAST_WINS, Pending.Filter::parse),
    BLUR("blur", LAST_WINS, Effect.Blur::parse),
    SHARP("sharp", LAST_WINS, Effect.Sharp::parse),
    BLUR_REGION("blur_region", SEQUENCE, Effect.BlurRegion::parse),
    OVERLAY("overlay", SEQUENCE, Effect.Overlay::parse),
    RECT("rect", SEQUENCE, Effect.Rect::parse),
    TEXT_ALIGN("text_align", SEQUENCE, Pending.TextAlign::parse),
    FONT("font", SEQUENCE, Pending.Font::parse),
    TEXT_BOX("text_box", SEQUENCE, Pending.TextBox::parse),
    TEXT("text", SEQUENCE, Pending.Text::parse),

    // Settings for the whole output; defaults the spec gives are written out in the canonical form.
    RASTERIZE("rasterize", SETTING, Pending.Rasterize::parse),
    AUTOROTATE("autorotate", SETTING, Setting.Autorotate::parse, new Setting.Autorotate(true)),
    SRGB("srgb", SETTING, Setting.Srgb::parse),
    MAX_ICC_SIZE("max_icc_size", SETTING, Setting.MaxIccSize::parse, new Setting.MaxIccSize(10)),
    SETFILL("setfill", SETTING, Setting.SetFill::parse),
    FORMAT("format", SETTING, Setting.Format::parse, new Setting.Format(Setting.OutputFormat.AUTO)),
    QUALITY("quality", SETTING, Setting.Quality::parse),
    PROGRESSIVE("progressive", SETTING, Setting.Progressive::parse, new Setting.Progressive(false)),
    STRIP_META("strip_meta", SETTING, Setting.StripMeta::parse, new Setting.StripMeta(Setting.MetaPolicy.ALL)),
    INLINE("inline", SETTING, Setting.Inline::parse),

    // Answers in JSON; must be last.
    JSON("json", INFO, Info.Json::parse),
    JSONP("jsonp", INFO, Info.Jsonp::parse),
    MAIN_COLORS("main_colors", INFO, Info.MainColors::parse);

    /** What a second occurrence of an operation means. */
    enum Repeat {
        /** Every occurrence runs, in chain order. */
        SEQUENCE,
        /** Only the last occurrence runs, at its own place in the order. */
        LAST_WINS,
        /** Only the last occurrence counts, and it holds for the whole output wherever it stands. */
        SETTING,
        /** Changes the next {@code resize} or {@code scale_crop} only; the last one before it wins. */
        NEXT_RESIZE,
        /** Replaces the image with JSON; only allowed as the last operation. */
        INFO
    }

    private static final Map<String, Grammar> BY_WORD = new HashMap<>();

    static {
        for (Grammar g : values()) BY_WORD.put(g.word, g);
    }

    final String word;
    final Repeat repeat;
    final Function<Args, ?> parser;
    /** The value written in the canonical form when the chain does not set it; null when the default is not ours to state. */
    final Setting fallback;

    Grammar(String word, Repeat repeat, Function<Args, ?> parser) {
        this(word, repeat, parser, null);
    }

    Grammar(String word, Repeat repeat, Function<Args, ?> parser, Setting fallback) {
        this.word = word;
        this.repeat = repeat;
        this.parser = parser;
        this.fallback = fallback;
    }

    /** The operation of that name, or null for an unknown one (to be ignored). */
    static Grammar named(String name) {
        return name == null ? null : BY_WORD.get(name);
    }

    /** {@code preview}, {@code resize}, {@code smart_resize}, {@code scale_crop}: the chain is processed only with one of these. */
    boolean core() {
        return this == PREVIEW || this == RESIZE || this == SMART_RESIZE || this == SCALE_CROP;
    }
}
