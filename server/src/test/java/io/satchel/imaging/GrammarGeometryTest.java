package io.satchel.imaging;

import static io.satchel.imaging.Chains.parse;
import static io.satchel.imaging.Chains.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.imaging.Geometry.BorderRadius;
import io.satchel.imaging.Geometry.Crop;
import io.satchel.imaging.Geometry.CropRatio;
import io.satchel.imaging.Geometry.Focus;
import io.satchel.imaging.Geometry.Preview;
import io.satchel.imaging.Geometry.Resize;
import io.satchel.imaging.Geometry.Rotate;
import io.satchel.imaging.Geometry.ScaleCrop;
import io.satchel.imaging.Geometry.SmartResize;
import io.satchel.imaging.Position.Align;
import io.satchel.imaging.Position.Offset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GrammarGeometryTest {
    private static TransformOp first(String path) {
        return parse(path).operations().getFirst();
    }

    private static Length px(int v) {
        return Length.px(v);
    }

    private static Length pc(double v) {
        return new Length(v, true);
    }

    @Test
    void previewBareIs2048Square() {
        assertThat(first("-/preview/")).isEqualTo(new Preview(2048, 2048));
        assertThat(first("-/preview/")).isEqualTo(first("-/preview/2048x2048/"));
        assertThat(first("-/preview/300x500/")).isEqualTo(new Preview(300, 500));
        assertThat(first("-/preview/0300x0500/").canonical()).isEqualTo("preview/300x500");
    }

    @ParameterizedTest
    @ValueSource(strings = {"300x", "x300", "x", "0x10", "10x0", "5001x10", "abc", "10x10x10", "1.5x2", "-5x5", "50px50p",
            "NaNx1", "99999999999x1", "1e3x1", " 10x10"})
    void previewRejectsAnythingButTwoPixelSides(String size) {
        rejects("-/preview/" + size + "/", "preview: size must be WxH with W,H in 1..5000");
    }

    @Test
    void previewTakesOneArgument() {
        rejects("-/preview/10x10/10x10/", "preview: takes at most 1 argument");
    }

    @Test
    void resizeTakesOneOrTwoSides() {
        assertThat(first("-/resize/320x240/")).isEqualTo(new Resize(320, 240, Stretch.ON));
        assertThat(first("-/resize/320x/")).isEqualTo(new Resize(320, 0, Stretch.ON));
        assertThat(first("-/resize/x240/")).isEqualTo(new Resize(0, 240, Stretch.ON));
        assertThat(first("-/resize/5000x/").canonical()).isEqualTo("resize/5000x");
        assertThat(first("-/resize/x240/").canonical()).isEqualTo("resize/x240");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "320", "0x", "x0", "5001x", "320x240x", "320X240", "-1x", "3.5x", "50px"})
    void resizeRejectsMalformedSizes(String size) {
        rejects("-/resize/" + size + "/", "resize: size must be WxH, Wx or xH with W,H in 1..5000");
    }

    @Test
    void resizeNeedsASize() {
        rejects("-/resize/", "resize: size must be WxH, Wx or xH");
    }

    @Test
    void stretchModifiesOnlyTheNextResizeOrScaleCrop() {
        List<TransformOp> ops = parse("-/stretch/off/-/preview/100x100/-/resize/200x/-/resize/300x/").steps();
        assertThat(ops).containsExactly(new Preview(100, 100), new Resize(200, 0, Stretch.OFF), new Resize(300, 0, Stretch.ON));
        assertThat(parse("-/stretch/fill/-/scale_crop/10x10/").steps())
                .containsExactly(new ScaleCrop(10, 10, Focus.CENTER, Align.CENTER, Stretch.FILL));
        assertThat(parse("-/stretch/fill/-/stretch/off/-/resize/10x/").steps()).containsExactly(new Resize(10, 0, Stretch.OFF));
    }

    @Test
    void aStretchWithNothingToModifyIsDropped() {
        assertThat(Chains.canonical("-/resize/10x/-/stretch/off/")).isEqualTo(Chains.canonical("-/resize/10x/"));
    }

    @Test
    void stretchTakesOnOffOrFill() {
        rejects("-/stretch/maybe/-/resize/10x/", "stretch: takes one of on, off, fill");
        rejects("-/stretch/", "stretch: takes one of on, off, fill");
        rejects("-/stretch/on/off/", "stretch: takes at most 1 argument");
    }

    @Test
    void smartResizeTakesTwoSides() {
        assertThat(first("-/smart_resize/440x600/")).isEqualTo(new SmartResize(440, 600));
        rejects("-/smart_resize/440x/", "smart_resize: size must be WxH");
        rejects("-/smart_resize/", "smart_resize: size must be WxH");
    }

    @Test
    void cropDefaultsToTheTopLeftCorner() {
        assertThat(first("-/crop/400x300/")).isEqualTo(new Crop(px(400), px(300), Position.TOP_LEFT));
        assertThat(first("-/crop/400x300/").canonical()).isEqualTo("crop/400x300/0,0");
        assertThat(first("-/crop/400x300/0,0/")).isEqualTo(first("-/crop/400x300/"));
        assertThat(first("-/crop/400x300/0p,0%/")).isEqualTo(first("-/crop/400x300/"));
    }

    @Test
    void cropOffsetsArePixelsMaybeNegativeOrPercents() {
        assertThat(first("-/crop/400x300/10,20/")).isEqualTo(new Crop(px(400), px(300), new Offset(px(10), px(20))));
        assertThat(first("-/crop/400x300/-10,-20/")).isEqualTo(new Crop(px(400), px(300), new Offset(px(-10), px(-20))));
        assertThat(first("-/crop/400x300/25p,12.5p/").canonical()).isEqualTo("crop/400x300/25p,12.5p");
        assertThat(first("-/crop/400x300/25%,10/")).isEqualTo(new Crop(px(400), px(300), new Offset(pc(25), px(10))));
    }

    @Test
    void cropSizesMayBePercents() {
        assertThat(first("-/crop/50px50p/center/")).isEqualTo(new Crop(pc(50), pc(50), Align.CENTER));
        assertThat(first("-/crop/50%x50%/center/")).isEqualTo(first("-/crop/50px50p/center/"));
        assertThat(first("-/crop/50.0px33.50p/").canonical()).isEqualTo("crop/50px33.5p/0,0");
        assertThat(first("-/crop/100px10/")).isEqualTo(new Crop(pc(100), px(10), Position.TOP_LEFT));
    }

    @ParameterizedTest
    @CsvSource({"center,CENTER", "top,TOP", "right,RIGHT", "bottom,BOTTOM", "left,LEFT"})
    void cropTakesTheFiveAlignmentWords(String word, Align align) {
        assertThat(first("-/crop/10x10/" + word + "/")).isEqualTo(new Crop(px(10), px(10), align));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x10", "10x", "x10", "5001x10", "101px10", "0px10", "10x10x10", "abc", "1.5x2"})
    void cropRejectsMalformedSizes(String size) {
        rejects("-/crop/" + size + "/", "crop: size must be WxH, A:B, face or image");
    }

    @ParameterizedTest
    @ValueSource(strings = {"middle", "10", "10,", ",10", "1,2,3", "101p,0", "-5p,0", "100001,0", "top,left", "CENTER", "1.5,2"})
    void cropRejectsMalformedPositions(String position) {
        rejects("-/crop/10x10/" + position + "/", "crop: position must be center, top, right, bottom, left or X,Y");
    }

    @Test
    void cropByRatioIsReducedAndCentredByDefault() {
        assertThat(first("-/crop/16:9/")).isEqualTo(new CropRatio(16, 9, Align.CENTER));
        assertThat(first("-/crop/32:18/")).isEqualTo(first("-/crop/16:9/center/"));
        assertThat(first("-/crop/4:3/top/")).isEqualTo(new CropRatio(4, 3, Align.TOP));
        assertThat(first("-/crop/1:1/10p,20p/").canonical()).isEqualTo("crop/1:1/10p,20p");
    }

    @ParameterizedTest
    @ValueSource(strings = {"16:0", "0:9", "a:b", "16:", ":9", "1:2:3", "10001:1", "1.5:1", "-1:1"})
    void cropRejectsMalformedRatios(String ratio) {
        rejects("-/crop/" + ratio + "/", "crop: ratio must be A:B with A,B in 1..10000");
    }

    @Test
    void cropByObjectsIsPending() {
        assertThat(first("-/crop/face/1:1/center/")).isEqualTo(new Pending.CropObjects("face", List.of("1:1", "center")));
        assertThat(first("-/crop/image/")).isEqualTo(new Pending.CropObjects("image", List.of()));
        assertThat(first("-/crop/face/200px150p/").canonical()).isEqualTo("crop/face/200px150p");
        assertThat(first("-/crop/face/2:2/").canonical()).isEqualTo("crop/face/1:1");
        rejects("-/crop/face/1:1/middle/", "crop: after face or image comes A:B or WxH");
        rejects("-/crop/face/1001px1p/", "crop: after face or image comes A:B or WxH");
    }

    @Test
    void scaleCropDefaultsToCentre() {
        assertThat(first("-/scale_crop/100x100/")).isEqualTo(new ScaleCrop(100, 100, Focus.CENTER, Align.CENTER, Stretch.ON));
        assertThat(first("-/scale_crop/100x100/center/")).isEqualTo(first("-/scale_crop/100x100/"));
        assertThat(first("-/scale_crop/100x100/center/center/")).isEqualTo(first("-/scale_crop/100x100/"));
        assertThat(first("-/scale_crop/100x100/").canonical()).isEqualTo("scale_crop/100x100/center");
    }

    @Test
    void scaleCropTakesATypeThenAPosition() {
        assertThat(first("-/scale_crop/100x50/smart/")).isEqualTo(new ScaleCrop(100, 50, Focus.SMART, Align.CENTER, Stretch.ON));
        assertThat(first("-/scale_crop/100x50/smart_faces_objects/top/"))
                .isEqualTo(new ScaleCrop(100, 50, Focus.SMART_FACES_OBJECTS, Align.TOP, Stretch.ON));
        assertThat(first("-/scale_crop/100x50/center/bottom/")).isEqualTo(first("-/scale_crop/100x50/bottom/"));
        assertThat(first("-/scale_crop/100x50/30p,70p/"))
                .isEqualTo(new ScaleCrop(100, 50, Focus.CENTER, new Offset(pc(30), pc(70)), Stretch.ON));
        assertThat(first("-/scale_crop/100x50/smart_points/0,100p/").canonical()).isEqualTo("scale_crop/100x50/smart_points/0,100p");
    }

    @Test
    void scaleCropRefusesPixelOffsetsAndUnknownTypes() {
        rejects("-/scale_crop/100x50/10,20/", "scale_crop: position must be center, top, right, bottom, left or Xp,Yp");
        rejects("-/scale_crop/100x50/smartest/", "scale_crop: type must be one of center, smart, smart_faces_objects_points");
        rejects("-/scale_crop/100x/", "scale_crop: size must be WxH with W,H in 1..5000");
        rejects("-/scale_crop/100x50/smart/top/left/", "scale_crop: takes at most 3 arguments");
    }

    @ParameterizedTest
    @CsvSource({"0,0", "90,90", "180,180", "270,270", "360,0", "-90,270", "-180,180", "-270,90", "450,90", "-720,0", "000090,90"})
    void rotateIsNormalisedCounterClockwise(String given, int degrees) {
        assertThat(first("-/rotate/" + given + "/")).isEqualTo(new Rotate(degrees));
    }

    @ParameterizedTest
    @ValueSource(strings = {"45", "91", "abc", "90.0", "1e2", "9999999999", "+90"})
    void rotateTakesMultiplesOf90(String angle) {
        rejects("-/rotate/" + angle + "/", "rotate: angle must be a whole multiple of 90");
    }

    @Test
    void rotateNeedsAnAngleAndAFullTurnIsANoOp() {
        rejects("-/rotate/", "rotate: angle must be a whole multiple of 90");
        assertThat(parse("-/preview/-/rotate/360/").canonical()).isEqualTo(parse("-/preview/").canonical());
        assertThat(parse("-/preview/-/rotate/-90/").canonical()).isEqualTo(parse("-/preview/-/rotate/270/").canonical());
    }

    @Test
    void flipAndMirrorTakeNoArguments() {
        assertThat(first("-/flip/")).isEqualTo(new Geometry.Flip());
        assertThat(first("-/mirror/")).isEqualTo(new Geometry.Mirror());
        rejects("-/flip/yes/", "flip: takes no arguments");
        rejects("-/mirror/1/", "mirror: takes no arguments");
    }

    @Test
    void borderRadiusExpandsShorthandsLikeCss() {
        BorderRadius one = (BorderRadius) first("-/border_radius/10/");
        assertThat(one.horizontal()).containsExactly(px(10), px(10), px(10), px(10));
        assertThat(one.vertical()).isEqualTo(one.horizontal());
        assertThat(((BorderRadius) first("-/border_radius/10,20/")).horizontal()).containsExactly(px(10), px(20), px(10), px(20));
        assertThat(((BorderRadius) first("-/border_radius/10,20,30/")).horizontal()).containsExactly(px(10), px(20), px(30), px(20));
        assertThat(((BorderRadius) first("-/border_radius/1,2,3,4/")).horizontal()).containsExactly(px(1), px(2), px(3), px(4));
        assertThat(first("-/border_radius/50p/").canonical()).isEqualTo("border_radius/50p,50p,50p,50p/50p,50p,50p,50p");
        assertThat(first("-/border_radius/10/20,5/").canonical()).isEqualTo("border_radius/10,10,10,10/20,5,20,5");
        assertThat(first("-/border_radius/10,10/")).isEqualTo(first("-/border_radius/10/10,10,10,10/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,2,3,4,5", "", "a", "10,,10", "101p", "5001", "-1", "10/1,2,3,4,5"})
    void borderRadiusRejectsMalformedRadii(String radii) {
        rejects("-/border_radius/" + radii + "/", "border_radius: radii must be r or r,r,r,r (1 to 4)");
    }

    @Test
    void positionsPlaceBoxesLikeCssBackgroundPosition() {
        // a 100x50 box in a 400x300 image
        assertThat(Align.CENTER.topLeft(400, 300, 100, 50)).containsExactly(150, 125);
        assertThat(Align.TOP.topLeft(400, 300, 100, 50)).containsExactly(150, 0);
        assertThat(Align.BOTTOM.topLeft(400, 300, 100, 50)).containsExactly(150, 250);
        assertThat(Align.LEFT.topLeft(400, 300, 100, 50)).containsExactly(0, 125);
        assertThat(Align.RIGHT.topLeft(400, 300, 100, 50)).containsExactly(300, 125);
        assertThat(new Offset(pc(50), pc(50)).topLeft(400, 300, 100, 50)).containsExactly(150, 125);
        assertThat(new Offset(pc(100), pc(0)).topLeft(400, 300, 100, 50)).containsExactly(300, 0);
        assertThat(new Offset(px(-10), px(7)).topLeft(400, 300, 100, 50)).containsExactly(-10, 7);
        assertThat(pc(50).resolve(301)).isEqualTo(151);
    }
}
