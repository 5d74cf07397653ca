package io.satchel.imaging;

import static io.satchel.imaging.Chains.parse;
import static io.satchel.imaging.Chains.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.imaging.Effect.Blur;
import io.satchel.imaging.Effect.BlurRegion;
import io.satchel.imaging.Effect.Enhance;
import io.satchel.imaging.Effect.Overlay;
import io.satchel.imaging.Effect.Sharp;
import io.satchel.imaging.Position.Align;
import io.satchel.imaging.Position.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GrammarEffectsTest {
    private static final String UUID = "0b9b4d4e-7a1c-4f39-9a8e-3c4f0a1b2c3d";

    private static TransformOp first(String path) {
        return parse(path).operations().getFirst();
    }

    private static Length pc(double v) {
        return new Length(v, true);
    }

    @ParameterizedTest
    @CsvSource({"brightness,-100,100", "exposure,-500,500", "gamma,0,1000", "contrast,-100,500", "saturation,-100,500",
            "vibrance,-100,500", "warmth,-100,100", "enhance,0,100"})
    void adjustmentsTakeAnIntegerInTheirRange(String op, int min, int max) {
        assertThat(first("-/" + op + "/" + min + "/").canonical()).isEqualTo(op + "/" + min);
        assertThat(first("-/" + op + "/" + max + "/").canonical()).isEqualTo(op + "/" + max);
        String reason = op + ": level must be an integer in " + min + ".." + max;
        rejects("-/" + op + "/" + (min - 1) + "/", reason);
        rejects("-/" + op + "/" + (max + 1) + "/", reason);
        rejects("-/" + op + "/1.5/", reason);
        rejects("-/" + op + "/NaN/", reason);
        rejects("-/" + op + "/99999999999999999999/", reason);
        rejects("-/" + op + "/1/2/", op + ": takes at most 1 argument");
    }

    @ParameterizedTest
    @ValueSource(strings = {"brightness", "exposure", "gamma", "contrast", "saturation", "vibrance", "warmth"})
    void adjustmentsNeedALevel(String op) {
        rejects("-/" + op + "/", op + ": level must be an integer in");
    }

    @Test
    void neutralLevelsAreNoOps() {
        for (String op : new String[] {"brightness/0", "exposure/0", "gamma/100", "contrast/0", "saturation/0", "vibrance/0",
                "warmth/0", "enhance/0", "sharp/0", "blur/0", "filter/adaris/0"}) {
            assertThat(first("-/" + op + "/").isIdentity()).as(op).isTrue();
            assertThat(Chains.canonical("-/preview/-/" + op + "/")).as(op).isEqualTo(Chains.canonical("-/preview/"));
        }
        assertThat(first("-/gamma/0/").isIdentity()).isFalse();
    }

    @Test
    void bareEnhanceSharpAndBlurTakeTheirDefaults() {
        assertThat(first("-/enhance/")).isEqualTo(new Enhance(50));
        assertThat(first("-/sharp/")).isEqualTo(new Sharp(5));
        assertThat(first("-/blur/")).isEqualTo(new Blur(10, 100));
        assertThat(first("-/blur/")).isEqualTo(first("-/blur/10/100/"));
        assertThat(first("-/blur/20/-50/")).isEqualTo(new Blur(20, -50));
        rejects("-/sharp/21/", "sharp: level must be an integer in 0..20");
        rejects("-/blur/5001/", "blur: strength must be an integer in 0..5000");
        rejects("-/blur/10/-201/", "blur: amount must be an integer in -200..100");
        rejects("-/blur/10/101/", "blur: amount must be an integer in -200..100");
        rejects("-/blur/1/1/1/", "blur: takes at most 2 arguments");
    }

    @Test
    void grayscaleAndInvertTakeNoArguments() {
        assertThat(first("-/grayscale/")).isEqualTo(new Effect.Grayscale());
        assertThat(first("-/invert/")).isEqualTo(new Effect.Invert());
        rejects("-/grayscale/50/", "grayscale: takes no arguments");
        rejects("-/invert/yes/", "invert: takes no arguments");
    }

    @Test
    void blurRegionIsARectangleInPixelsOrPercents() {
        assertThat(first("-/blur_region/100x50/10,20/")).isEqualTo(new BlurRegion(Length.px(100), Length.px(50), Length.px(10), Length.px(20), 10));
        assertThat(first("-/blur_region/50px50p/25p,25p/300/")).isEqualTo(new BlurRegion(pc(50), pc(50), pc(25), pc(25), 300));
        assertThat(first("-/blur_region/50%x50%/25%,25%/").canonical()).isEqualTo("blur_region/50px50p/25p,25p/10");
    }

    @Test
    void blurRegionRejectsMalformedRegions() {
        rejects("-/blur_region/", "blur_region: region must be WxH/X,Y (or faces)");
        rejects("-/blur_region/100x50/", "blur_region: origin must be X,Y");
        rejects("-/blur_region/100x50/center/", "blur_region: origin must be X,Y");
        rejects("-/blur_region/100x50/-1,0/", "blur_region: origin must be X,Y");
        rejects("-/blur_region/0x50/1,1/", "blur_region: region must be WxH/X,Y");
        rejects("-/blur_region/10x50/1,1/5001/", "blur_region: strength must be an integer in 0..5000");
    }

    @Test
    void blurRegionFacesIsPending() {
        assertThat(first("-/blur_region/faces/")).isEqualTo(new Pending.BlurFaces(10));
        assertThat(first("-/blur_region/faces/50/")).isEqualTo(new Pending.BlurFaces(50));
        rejects("-/blur_region/faces/x/", "blur_region: strength must be an integer in 0..5000");
    }

    @Test
    void overlayDefaultsToFullSizeTopLeftOpaque() {
        Overlay o = (Overlay) first("-/overlay/" + UUID + "/");
        assertThat(o).isEqualTo(new Overlay(UUID, Length.FULL, Length.FULL, Position.TOP_LEFT, Length.FULL));
        assertThat(o.canonical()).isEqualTo("overlay/" + UUID + "/100px100p/0,0/100p");
        assertThat(first("-/overlay/" + UUID.toUpperCase() + "/")).isEqualTo(o);
        assertThat(first("-/overlay/self/").canonical()).isEqualTo("overlay/self/100px100p/0,0/100p");
    }

    @Test
    void overlayParametersAreOptionalButKeepTheirOrder() {
        assertThat(first("-/overlay/self/50px50p/center/40p/")).isEqualTo(new Overlay("self", pc(50), pc(50), Align.CENTER, pc(40)));
        // the docs' watermark: size and opacity, position left out
        assertThat(first("-/overlay/self/50px50p/20p/")).isEqualTo(new Overlay("self", pc(50), pc(50), Position.TOP_LEFT, pc(20)));
        assertThat(first("-/overlay/self/10%,90%/")).isEqualTo(new Overlay("self", Length.FULL, Length.FULL, new Offset(pc(10), pc(90)), Length.FULL));
        assertThat(first("-/overlay/self/200x100/10,10/")).isEqualTo(new Overlay("self", Length.px(200), Length.px(100), new Offset(Length.px(10), Length.px(10)), Length.FULL));
        assertThat(first("-/overlay/self/0p/").canonical()).isEqualTo("overlay/self/100px100p/0,0/0");
    }

    @Test
    void overlayRejectsMalformedParameters() {
        rejects("-/overlay/", "overlay: source must be a file uuid or self");
        rejects("-/overlay/myself/", "overlay: source must be a file uuid or self");
        rejects("-/overlay/" + UUID + "~2/", "overlay: source must be a file uuid or self");
        rejects("-/overlay/self/0x10/", "overlay: size must be WxH");
        rejects("-/overlay/self/10x10/middle/", "overlay: opacity must be a percent in 0..100p");
        rejects("-/overlay/self/10x10/center/40/", "overlay: opacity must be a percent in 0..100p");
        rejects("-/overlay/self/10x10/center/101p/", "overlay: opacity must be a percent in 0..100p");
        rejects("-/overlay/self/center/10x10/", "overlay: opacity must be a percent"); // size must come before position
        rejects("-/overlay/self/10x10/-1,0/", "overlay: position must be");
    }
}
