package io.satchel.imaging;

import static io.satchel.imaging.Chains.parse;
import static io.satchel.imaging.Chains.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.imaging.Setting.MetaPolicy;
import io.satchel.imaging.Setting.OutputFormat;
import io.satchel.imaging.Setting.ProfileMode;
import io.satchel.imaging.Setting.QualityLevel;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings, info answers and the pending (parsed, not yet applied) operations. */
class GrammarSettingsTest {
    private static TransformOp first(String path) {
        return parse(path).operations().getFirst();
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void formatTakesItsFiveValues(OutputFormat f) {
        assertThat(parse("-/format/" + Args.word(f) + "/").format()).isEqualTo(f);
    }

    @Test
    void formatDefaultsToAutoAndRejectsOthers() {
        assertThat(parse("-/preview/").format()).isEqualTo(OutputFormat.AUTO);
        rejects("-/format/jpg/", "format: takes one of jpeg, png, webp, auto, preserve");
        rejects("-/format/JPEG/", "format: takes one of jpeg, png, webp, auto, preserve");
        rejects("-/format/avif/", "format: takes one of");
        rejects("-/format/", "format: takes one of");
    }

    @Test
    void formatJpegRaisesTheOutputCap() {
        assertThat(parse("-/preview/").maxOutputSide()).isEqualTo(3000);
        assertThat(parse("-/preview/-/format/jpeg/").maxOutputSide()).isEqualTo(5000);
        assertThat(parse("-/preview/-/format/jpeg/").explicitJpeg()).isTrue();
        assertThat(parse("-/format/jpeg/-/preview/-/format/webp/").maxOutputSide()).isEqualTo(3000);
    }

    @ParameterizedTest
    @EnumSource(QualityLevel.class)
    void qualityTakesItsSevenPresets(QualityLevel q) {
        assertThat(parse("-/quality/" + Args.word(q) + "/").quality()).contains(q);
    }

    @Test
    void qualityIsEmptyUnlessGiven() {
        assertThat(parse("-/preview/").quality()).isEmpty();
        rejects("-/quality/90/", "quality: takes one of normal, better, best, lighter, lightest, smart, smart_retina");
    }

    @Test
    void yesNoSettings() {
        assertThat(parse("-/preview/").progressive()).isFalse();
        assertThat(parse("-/progressive/yes/").progressive()).isTrue();
        assertThat(parse("-/preview/").autorotate()).isTrue();
        assertThat(parse("-/autorotate/no/").autorotate()).isFalse();
        assertThat(parse("-/preview/").inline()).isEmpty();
        assertThat(parse("-/inline/no/").inline()).contains(false);
        for (String op : new String[] {"progressive", "autorotate", "inline"}) {
            rejects("-/" + op + "/true/", op + ": takes yes or no");
            rejects("-/" + op + "/", op + ": takes yes or no");
            rejects("-/" + op + "/yes/no/", op + ": takes at most 1 argument");
        }
    }

    @Test
    void stripMetaSrgbAndIccSize() {
        assertThat(parse("-/preview/").stripMeta()).isEqualTo(MetaPolicy.ALL);
        assertThat(parse("-/strip_meta/sensitive/").stripMeta()).isEqualTo(MetaPolicy.SENSITIVE);
        assertThat(parse("-/strip_meta/none/").stripMeta()).isEqualTo(MetaPolicy.NONE);
        rejects("-/strip_meta/gps/", "strip_meta: takes one of all, none, sensitive");
        assertThat(parse("-/preview/").srgb()).isEmpty();
        assertThat(parse("-/srgb/keep_profile/").srgb()).contains(ProfileMode.KEEP_PROFILE);
        rejects("-/srgb/yes/", "srgb: takes one of fast, icc, keep_profile");
        assertThat(parse("-/preview/").maxIccSizeKb()).isEqualTo(10);
        assertThat(parse("-/max_icc_size/20/").maxIccSizeKb()).isEqualTo(20);
        assertThat(parse("-/max_icc_size/").maxIccSizeKb()).isEqualTo(10);
        rejects("-/max_icc_size/-1/", "max_icc_size: size must be an integer number of KB in 0..10240");
    }

    @ParameterizedTest
    @CsvSource({"fff,255,255,255,255", "F0a,255,0,170,255", "8d8578,141,133,120,255", "99ff9920,153,255,153,32",
            "000000FF,0,0,0,255"})
    void setfillTakesHexColours(String hex, int r, int g, int b, int a) {
        assertThat(parse("-/setfill/" + hex + "/").fill()).contains(new Color(r, g, b, a));
    }

    @Test
    void setfillIsCanonicalLowerCaseWithoutOpaqueAlpha() {
        assertThat(first("-/setfill/FFF/").canonical()).isEqualTo("setfill/ffffff");
        assertThat(first("-/setfill/ffffffff/").canonical()).isEqualTo("setfill/ffffff");
        assertThat(first("-/setfill/99FF9920/").canonical()).isEqualTo("setfill/99ff9920");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ggg", "ff", "ffff", "fffff", "fffffff", "#ffffff", "red", "fffffffff"})
    void setfillRejectsOtherColours(String color) {
        rejects("-/setfill/" + color + "/", "setfill: color must be hex rgb, rrggbb or rrggbbaa");
    }

    @Test
    void infoOperations() {
        assertThat(parse("-/json/").infoOutput()).contains(new Info.Json());
        assertThat(parse("-/jsonp/").infoOutput()).contains(new Info.Jsonp());
        assertThat(parse("-/main_colors/").infoOutput()).contains(new Info.MainColors(4));
        assertThat(parse("-/preview/-/main_colors/256/").infoOutput()).contains(new Info.MainColors(256));
        assertThat(parse("-/preview/").infoOutput()).isEmpty();
        rejects("-/main_colors/0/", "main_colors: count must be an integer in 1..256");
        rejects("-/main_colors/257/", "main_colors: count must be an integer in 1..256");
        rejects("-/json/pretty/", "json: takes no arguments");
    }

    @Test
    void infoOperationsMustBeLast() {
        rejects("-/json/-/preview/", "json: must be the last operation");
        rejects("-/main_colors/-/resize/10x/", "main_colors: must be the last operation");
        rejects("-/json/-/main_colors/", "json: must be the last operation");
        rejects("-/jsonp/-/inline/yes/", "jsonp: must be the last operation");
        // unknown operations and markers after it are ignored, so it is still last
        assertThat(parse("-/json/-/@clib/file-uploader/1.29.1/uc-img/-/nosuchop/").infoOutput()).contains(new Info.Json());
    }

    @Test
    void filterTakesOneOfFortyNamesAndAnAmount() {
        assertThat(Pending.Filter.NAMES).hasSize(40);
        assertThat(first("-/filter/adaris/")).isEqualTo(new Pending.Filter("adaris", 100));
        assertThat(first("-/filter/zevcen/-100/")).isEqualTo(new Pending.Filter("zevcen", -100));
        assertThat(first("-/filter/iothari/150/").canonical()).isEqualTo("filter/iothari/150");
        rejects("-/filter/sepia/", "filter: unknown filter name");
        rejects("-/filter/", "filter: takes a filter name");
        rejects("-/filter/adaris/201/", "filter: amount must be an integer in -100..200");
    }

    @Test
    void textOperationsAreParsedAndUnescaped() {
        Pending.Text t = (Pending.Text) first("-/text/80px20p/bottom/Hello~sworld~n~~ok/");
        assertThat(t.text()).isEqualTo("Hello/world\n~ok");
        assertThat(t.canonical()).isEqualTo("text/80px20p/bottom/Hello~sworld~n~~ok");
        rejects("-/text/80px20p/bottom/bad~x/", "text: takes WxH/position/text");
        rejects("-/text/80px20p/bottom/bad~/", "text: takes WxH/position/text");
        rejects("-/text/80px20p/bottom/", "text: takes WxH/position/text");
        assertThat(first("-/text_align/center/bottom/")).isEqualTo(new Pending.TextAlign("center", "bottom"));
        rejects("-/text_align/bottom/center/", "text_align: takes left, center or right, then top, center or bottom");
        assertThat(first("-/font/24/")).isEqualTo(new Pending.Font(24, new Color(0, 0, 0, 255)));
        assertThat(first("-/font/24/fff/").canonical()).isEqualTo("font/24/ffffff");
        rejects("-/font/0/", "font: takes a size in 1..1000");
        assertThat(first("-/text_box/fill/000/10/")).isEqualTo(new Pending.TextBox("fill", Optional.of(new Color(0, 0, 0, 255)), OptionalInt.of(10)));
        assertThat(first("-/text_box/none/").canonical()).isEqualTo("text_box/none");
        rejects("-/text_box/round/", "text_box: takes none, fit, line or fill");
    }

    @Test
    void rectZoomObjectsAndRasterize() {
        assertThat(first("-/rect/9f9/50px33p/center/"))
                .isEqualTo(new Effect.Rect(new Color(0x99, 0xff, 0x99, 255), new Length(50, true), new Length(33, true), Position.Align.CENTER));
        rejects("-/rect/9f9/50px33p/", "rect: takes color/WxH/position");
        rejects("-/rect/zzz/50px33p/center/", "rect: takes color/WxH/position");
        assertThat(first("-/zoom_objects/42/")).isEqualTo(new Pending.ZoomObjects(42));
        rejects("-/zoom_objects/0/", "zoom_objects: zoom must be an integer in 1..100");
        rejects("-/zoom_objects/", "zoom_objects: zoom must be an integer in 1..100");
        assertThat(parse("-/rasterize/").rasterize()).isTrue();
        assertThat(parse("-/preview/").rasterize()).isFalse();
        rejects("-/rasterize/yes/", "rasterize: takes no arguments");
    }

    @Test
    void pendingOperationsAreStepsTheApplierCanTellApart() {
        TransformChain chain = parse("-/preview/-/filter/adaris/-/rect/fff/10x10/0,0/-/crop/face/-/brightness/10/");
        assertThat(chain.steps()).hasSize(5);
        assertThat(chain.steps().stream().filter(op -> op instanceof Pending).count()).isEqualTo(2); // filter, crop/face (rect is drawn)
    }
}
