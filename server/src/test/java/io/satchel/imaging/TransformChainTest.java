package io.satchel.imaging;

import static io.satchel.imaging.Chains.canonical;
import static io.satchel.imaging.Chains.parse;
import static io.satchel.imaging.Chains.raw;
import static io.satchel.imaging.Chains.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.satchel.delivery.Chain;
import io.satchel.delivery.Operation;
import io.satchel.errors.Failure;
import io.satchel.imaging.Geometry.Crop;
import io.satchel.imaging.Geometry.Preview;
import io.satchel.imaging.Geometry.Resize;
import io.satchel.imaging.Geometry.Rotate;
import io.satchel.imaging.Geometry.ScaleCrop;
import io.satchel.imaging.Position.Offset;
import io.satchel.imaging.Setting.OutputFormat;
import io.satchel.imaging.Setting.QualityLevel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransformChainTest {
    private static final String UUID = "0b9b4d4e-7a1c-4f39-9a8e-3c4f0a1b2c3d";
    private static final String CLIB = "-/@clib/file-uploader/1.29.1/uc-img/";
    /** The settings every processed chain writes out, in the canonical order. */
    private static final String DEFAULTS = "autorotate/yes/-/max_icc_size/10/-/format/auto/-/progressive/no/-/strip_meta/all";

    // --- unknown operations, the gate, info answers --------------------------------------------

    @Test
    void unknownAndAtOperationsAreDroppedSilently() {
        TransformChain chain = parse("-/preview/" + CLIB + "-/nosuchop/1/2/3/-/Resize/10x/-/@anything/");
        assertThat(chain.operations()).containsExactly(Preview.DEFAULT);
        assertThat(chain.canonical()).isEqualTo(canonical("-/preview/"));
    }

    @Test
    void anUnknownOperationsArgumentsAreNotChecked() {
        assertThat(parse("-/nosuchop/" + "x".repeat(5000) + "/-/preview/").operations()).containsExactly(Preview.DEFAULT);
    }

    @Test
    void onlyACoreOperationOpensTheGate() {
        for (String core : new String[] {"preview", "resize/10x", "smart_resize/10x10", "scale_crop/10x10"}) {
            assertThat(parse("-/" + core + "/").needsProcessing()).as(core).isTrue();
        }
        for (String other : new String[] {"crop/10x10", "rotate/90", "format/webp", "quality/smart", "grayscale", "json",
                "main_colors", "stretch/off", "setfill/fff", "overlay/self"}) {
            assertThat(parse("-/" + other + "/").needsProcessing()).as(other).isFalse();
        }
        assertThat(parse("").needsProcessing()).isFalse();
        assertThat(parse("-/@clib/x/y/z/").needsProcessing()).isFalse();
    }

    @Test
    void withoutACoreOperationOnlyTheInfoAnswerIsInTheCanonicalForm() {
        assertThat(canonical("")).isEmpty();
        assertThat(canonical("-/format/webp/-/grayscale/-/crop/10x10/")).isEmpty();
        assertThat(canonical("-/grayscale/-/json/")).isEqualTo("json");
        assertThat(canonical("-/main_colors/")).isEqualTo("main_colors/4");
    }

    @Test
    void malformedOperationsAreRefusedEvenWithoutACoreOperation() {
        rejects("-/format/gif/", "format: takes one of");
        rejects("-/crop/10/", "crop: size must be");
    }

    @Test
    void infoAnswersWorkWithoutACoreOperation() {
        TransformChain chain = parse("-/main_colors/8/");
        assertThat(chain.needsProcessing()).isFalse();
        assertThat(chain.infoOutput()).contains(new Info.MainColors(8));
        assertThat(parse("-/preview/-/main_colors/").canonical()).isEqualTo("preview/2048x2048/-/" + DEFAULTS + "/-/main_colors/4");
    }

    // --- repeat rules ----------------------------------------------------------------------------

    @Test
    void geometryRunsEveryOccurrenceInOrder() {
        assertThat(parse("-/resize/100x/-/crop/10x10/-/resize/50x/-/rotate/90/-/rotate/90/-/preview/").steps()).containsExactly(
                new Resize(100, 0, Stretch.ON), new Crop(Length.px(10), Length.px(10), Position.TOP_LEFT), new Resize(50, 0, Stretch.ON),
                new Rotate(90), new Rotate(90), Preview.DEFAULT);
        assertThat(canonical("-/preview/-/crop/10x10/-/resize/5x/")).isNotEqualTo(canonical("-/preview/-/resize/5x/-/crop/10x10/"));
    }

    @Test
    void adjustmentsKeepOnlyTheLastAtItsOwnPlace() {
        TransformChain chain = parse("-/brightness/10/-/crop/10x10/-/resize/5x/-/brightness/-20/-/contrast/5/-/contrast/6/");
        assertThat(chain.steps()).containsExactly(new Crop(Length.px(10), Length.px(10), Position.TOP_LEFT),
                new Resize(5, 0, Stretch.ON), new Effect.Brightness(-20), new Effect.Contrast(6));
        assertThat(parse("-/blur/5/-/blur/7/").steps()).containsExactly(new Effect.Blur(7, 100));
        assertThat(parse("-/filter/adaris/-/filter/zevcen/50/").steps()).containsExactly(new Pending.Filter("zevcen", 50));
        assertThat(parse("-/invert/-/invert/").steps()).containsExactly(new Effect.Invert());
    }

    @Test
    void repeatableDrawingsAllRun() {
        assertThat(parse("-/blur_region/10x10/0,0/-/blur_region/10x10/5,5/").steps()).hasSize(2);
        assertThat(parse("-/overlay/self/-/overlay/" + UUID + "/-/overlay/self/").steps()).hasSize(3);
        assertThat(parse("-/rect/fff/1x1/0,0/-/rect/000/1x1/0,0/").steps()).hasSize(2);
    }

    @Test
    void settingsKeepTheLastWhereverTheyStand() {
        TransformChain chain = parse("-/format/png/-/quality/best/-/preview/-/format/webp/-/quality/lightest/-/setfill/000/"
                + "-/setfill/fff/-/progressive/yes/-/progressive/no/-/inline/yes/-/inline/no/");
        assertThat(chain.format()).isEqualTo(OutputFormat.WEBP);
        assertThat(chain.quality()).contains(QualityLevel.LIGHTEST);
        assertThat(chain.fill()).contains(new Color(255, 255, 255, 255));
        assertThat(chain.progressive()).isFalse();
        assertThat(chain.inline()).contains(false);
        assertThat(chain.operations().stream().filter(op -> op instanceof Setting).count()).isEqualTo(5);
        assertThat(chain.steps()).containsExactly(Preview.DEFAULT);
        assertThat(canonical("-/format/webp/-/preview/")).isEqualTo(canonical("-/preview/-/format/webp/"));
    }

    // --- canonical form and cache key ------------------------------------------------------------

    @Test
    void canonicalWritesDefaultsOut() {
        assertThat(canonical("-/preview/")).isEqualTo("preview/2048x2048/-/" + DEFAULTS);
        assertThat(canonical("-/preview/-/quality/smart/-/setfill/f00/-/srgb/icc/")).isEqualTo(
                "preview/2048x2048/-/autorotate/yes/-/srgb/icc/-/max_icc_size/10/-/setfill/ff0000/-/format/auto/-/quality/smart/"
                        + "-/progressive/no/-/strip_meta/all");
        assertThat(canonical("-/stretch/off/-/scale_crop/10x10/center/")).isEqualTo("stretch/off/-/scale_crop/10x10/center/-/" + DEFAULTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-/preview/2048x2048/",
        "-/preview/-/format/auto/-/progressive/no/-/strip_meta/all/-/autorotate/yes/-/max_icc_size/10/",
        "-/preview/" + CLIB,
        "-/@clib/a/b/c/-/preview/-/inline/yes/",
        "-/preview/-/brightness/0/-/rotate/360/-/gamma/100/",
        "-/preview/-/brightness/30/-/brightness/0/",
        "-/format/webp/-/preview/-/format/auto/",
        "-/stretch/off/-/preview/",
        "-/preview/-/resize/5x/-/stretch/off/-/resize/5x/-/stretch/fill/-/crop/1x1/"
    })
    void equivalentChainsShareACanonicalForm(String path) {
        String base = path.contains("resize") ? canonical("-/preview/-/resize/5x/-/stretch/off/-/resize/5x/-/crop/1x1/")
                : canonical("-/preview/");
        assertThat(canonical(path)).isEqualTo(base);
    }

    @Test
    void equivalentSpellingsShareACanonicalForm() {
        assertThat(canonical("-/preview/-/crop/50%x050p/25p,0p/")).isEqualTo(canonical("-/preview/-/crop/50px50p/25p,0/"));
        assertThat(canonical("-/preview/-/rotate/-90/")).isEqualTo(canonical("-/preview/-/rotate/270/"));
        assertThat(canonical("-/preview/-/crop/32:18/")).isEqualTo(canonical("-/preview/-/crop/16:9/center/"));
        assertThat(canonical("-/preview/-/setfill/FFF/")).isEqualTo(canonical("-/preview/-/setfill/ffffffff/"));
        assertThat(canonical("-/preview/-/enhance/")).isEqualTo(canonical("-/preview/-/enhance/50/"));
        assertThat(canonical("-/preview/-/blur/")).isEqualTo(canonical("-/preview/-/blur/10/100/"));
        assertThat(canonical("-/preview/-/border_radius/10/")).isEqualTo(canonical("-/preview/-/border_radius/10,10/10,10,10,10/"));
        assertThat(canonical("-/preview/-/overlay/" + UUID.toUpperCase() + "/"))
                .isEqualTo(canonical("-/preview/-/overlay/" + UUID + "/100px100p/0,0/100p/"));
        assertThat(canonical("-/scale_crop/10x10/")).isEqualTo(canonical("-/stretch/on/-/scale_crop/10x10/center/center/"));
    }

    @Test
    void differentOutputsHaveDifferentCanonicalForms() {
        List<String> chains = List.of("-/preview/", "-/preview/100x100/", "-/resize/100x/", "-/resize/x100/",
                "-/stretch/off/-/resize/100x/", "-/stretch/fill/-/resize/100x/", "-/preview/-/format/webp/",
                "-/preview/-/quality/smart/", "-/preview/-/rotate/90/", "-/preview/-/flip/", "-/preview/-/mirror/",
                "-/preview/-/crop/10x10/", "-/preview/-/crop/10x10/center/", "-/preview/-/crop/10px10p/",
                "-/preview/-/json/", "-/preview/-/jsonp/", "-/preview/-/main_colors/", "-/scale_crop/10x10/smart/",
                "-/scale_crop/10x10/", "-/preview/-/grayscale/-/resize/10x/", "-/preview/-/resize/10x/-/grayscale/");
        List<String> forms = chains.stream().map(Chains::canonical).toList();
        assertThat(forms).doesNotHaveDuplicates();
    }

    @Test
    void theCanonicalFormParsesBackToItself() {
        for (String path : List.of("-/preview/", "-/stretch/fill/-/resize/10x/-/crop/50px50p/center/-/text/1x1/0,0/a~sb~n",
                "-/scale_crop/10x10/smart_faces/10p,20p/-/overlay/self/50px50p/20p/-/setfill/12345678/-/json/")) {
            String once = canonical(path);
            assertThat(TransformChain.parse(Chain.ofEffects(once)).canonical()).as(path).isEqualTo(once);
        }
    }

    @Test
    void cacheKeyIsHexSha256OverUuidChainAndFormat() {
        TransformChain chain = parse("-/preview/");
        String key = chain.cacheKey(UUID, "webp");
        assertThat(key).matches("[0-9a-f]{64}");
        assertThat(parse("-/preview/2048x2048/" + CLIB).cacheKey(UUID, "webp")).isEqualTo(key);
        assertThat(chain.cacheKey(UUID, "avif")).isNotEqualTo(key);
        assertThat(chain.cacheKey(UUID.replace('0', '1'), "webp")).isNotEqualTo(key);
        assertThat(parse("-/preview/100x100/").cacheKey(UUID, "webp")).isNotEqualTo(key);
    }

    @Test
    void cacheKeyPartsCannotRunIntoEachOther() {
        TransformChain none = parse("");
        assertThat(none.cacheKey("ab", "c")).isNotEqualTo(none.cacheKey("a", "bc"));
        assertThat(none.cacheKey("a\nb", "")).isNotEqualTo(none.cacheKey("a", "b"));
    }

    // --- group default effects -----------------------------------------------------------------

    @Test
    void groupDefaultEffectsRunBeforeTheUrlsOwnOperations() {
        Chain effects = Chain.ofEffects("crop/400x300/10,20/-/brightness/20/-/format/png/");
        TransformChain chain = TransformChain.parse(effects.then(raw("-/resize/200x/-/brightness/-10/-/format/webp/")));
        assertThat(chain.steps()).containsExactly(new Crop(Length.px(400), Length.px(300), new Offset(Length.px(10), Length.px(20))),
                new Resize(200, 0, Stretch.ON), new Effect.Brightness(-10));
        assertThat(chain.format()).isEqualTo(OutputFormat.WEBP);
        assertThat(TransformChain.parse(Chain.ofEffects("preview/").then(Chain.EMPTY)).needsProcessing()).isTrue();
        assertThat(TransformChain.parse(Chain.ofEffects("").then(raw("-/json/"))).infoOutput()).isPresent();
        assertThat(TransformChain.parse(Chain.ofEffects("stretch/off/").then(raw("-/resize/10x/"))).steps())
                .containsExactly(new Resize(10, 0, Stretch.OFF));
    }

    @Test
    void aMalformedDefaultEffectIsA400Too() {
        assertThatThrownBy(() -> TransformChain.parse(Chain.ofEffects("crop/oops/").then(raw("-/preview/"))))
                .isInstanceOf(Failure.class).hasMessageStartingWith("crop: ");
    }

    // --- the widget's exact chains (spec §4.2, last paragraph) -----------------------------------

    @Test
    void theWidgetsThumbnailAndPreviewChains() {
        assertThat(parse("-/preview/" + CLIB).steps()).containsExactly(Preview.DEFAULT);
        assertThat(parse("-/preview/3000x3000/-/quality/normal/" + CLIB).quality()).contains(QualityLevel.NORMAL);
        assertThat(parse("-/stretch/off/-/scale_crop/76x76/center/" + CLIB).steps())
                .containsExactly(new ScaleCrop(76, 76, Geometry.Focus.CENTER, Position.Align.CENTER, Stretch.OFF));
        assertThat(parse("-/resize/640x/" + CLIB).steps()).containsExactly(new Resize(640, 0, Stretch.ON));
        TransformChain img = parse("-/preview/-/quality/smart/-/format/auto/-/progressive/yes/" + CLIB);
        assertThat(img.quality()).contains(QualityLevel.SMART);
        assertThat(img.format()).isEqualTo(OutputFormat.AUTO);
        assertThat(img.progressive()).isTrue();
        assertThat(parse("-/quality/lightest/-/preview/").quality()).contains(QualityLevel.LIGHTEST);
        assertThat(parse("-/json/").infoOutput()).contains(new Info.Json());
    }

    @Test
    void theEditorsChain() {
        TransformChain chain = parse("-/enhance/30/-/brightness/-20/-/exposure/150/-/gamma/120/-/contrast/25/-/saturation/-50/"
                + "-/vibrance/60/-/warmth/30/-/filter/iothari/150/-/mirror/-/flip/-/rotate/270/-/crop/640x480/12,34/"
                + "-/format/auto/-/progressive/yes/-/preview/" + CLIB);
        assertThat(chain.needsProcessing()).isTrue();
        assertThat(chain.steps()).hasSize(14);
        assertThat(chain.steps().get(12)).isEqualTo(new Crop(Length.px(640), Length.px(480), new Offset(Length.px(12), Length.px(34))));
        assertThat(chain.steps().get(11)).isEqualTo(new Rotate(270));
        assertThat(chain.steps().get(8)).isEqualTo(new Pending.Filter("iothari", 150));
    }

    // --- limits ------------------------------------------------------------------------------------

    @Test
    void atMostFiftyOperations() {
        List<Operation> ops = new ArrayList<>(Collections.nCopies(50, new Operation("@clib", List.of())));
        assertThat(TransformChain.parse(new Chain(ops)).operations()).isEmpty();
        ops.add(new Operation("preview", List.of()));
        assertThatThrownBy(() -> TransformChain.parse(new Chain(ops)))
                .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.status()).isEqualTo(400))
                .hasMessage("too many operations: at most 50 are allowed");
    }

    @Test
    void argumentsAreCappedInNumberAndLength() {
        assertThatThrownBy(() -> TransformChain.parse(new Chain(List.of(new Operation("crop", Collections.nCopies(9, "1x1"))))))
                .isInstanceOf(Failure.class).hasMessage("crop: too many arguments");
        assertThatThrownBy(() -> TransformChain.parse(new Chain(List.of(new Operation("text", List.of("1x1", "0,0", "a".repeat(257)))))))
                .isInstanceOf(Failure.class).hasMessage("text: an argument is longer than 256 characters");
        assertThatThrownBy(() -> TransformChain.parse(new Chain(List.of(new Operation("resize", List.of(""))))))
                .isInstanceOf(Failure.class).hasMessage("resize: empty argument");
        assertThat(((Pending.Text) TransformChain.parse(new Chain(List.of(new Operation("text", List.of("1x1", "0,0", "a".repeat(256))))))
                .steps().getFirst()).text()).hasSize(256);
    }

    @Test
    void failuresAre400sNamingTheOperation() {
        assertThatThrownBy(() -> parse("-/resize/big/"))
                .isInstanceOfSatisfying(Failure.class, f -> {
                    assertThat(f.status()).isEqualTo(400);
                    assertThat(f.code()).isEqualTo("InvalidOperation");
                })
                .hasMessage("resize: size must be WxH, Wx or xH with W,H in 1..5000");
    }
}
