package io.satchel.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.satchel.delivery.CdnPath.FileAddress;
import io.satchel.delivery.CdnPath.GroupMember;
import io.satchel.delivery.CdnPath.GroupPage;
import io.satchel.errors.Failure;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryCdnPathTest {
    private static final String U = "0b9b4d4e-7a1c-4f39-9a8e-3c4f0a1b2c3d";
    private static final String G = U + "~3";

    /** Splits a path the way {@code Call} does: empty segments dropped. */
    private static Optional<CdnPath> parse(String path) {
        List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        return CdnPath.parse(segments, path.endsWith("/"));
    }

    private static FileAddress file(String path) {
        return (FileAddress) parse(path).orElseThrow();
    }

    @Test
    void bareUuidWithAndWithoutFilename() {
        assertThat(file("/" + U + "/")).isEqualTo(new FileAddress(U, Chain.EMPTY, Optional.empty()));
        assertThat(file("/" + U)).isEqualTo(new FileAddress(U, Chain.EMPTY, Optional.empty()));
        assertThat(file("/" + U + "/photo.jpg")).isEqualTo(new FileAddress(U, Chain.EMPTY, Optional.of("photo.jpg")));
    }

    @Test
    void uppercaseUuidIsFoldedToLowerCase() {
        assertThat(file("/" + U.toUpperCase() + "/").uuid()).isEqualTo(U);
    }

    @Test
    void operationsKeepTheirArgumentsInOrder() {
        FileAddress a = file("/" + U + "/-/resize/200x/-/crop/10x10/center/-/preview/x.png");
        assertThat(a.chain().operations()).containsExactly(
                new Operation("resize", List.of("200x")),
                new Operation("crop", List.of("10x10", "center")),
                new Operation("preview", List.of()));
        assertThat(a.filename()).contains("x.png");
        assertThat(io.satchel.imaging.TransformChain.parse(a.chain()).needsProcessing()).isTrue();
    }

    @Test
    void theFilenameIsTheLastSegmentOnlyWithoutATrailingSlash() {
        assertThat(file("/" + U + "/-/format/webp/").filename()).isEmpty();
        FileAddress noSlash = file("/" + U + "/-/format/webp");
        assertThat(noSlash.filename()).contains("webp");
        assertThat(noSlash.chain().operations()).containsExactly(new Operation("format", List.of()));
    }

    @Test
    void unknownAndInternalOperationsAreKeptAndDoNotNeedProcessing() {
        FileAddress a = file("/" + U + "/-/@clib/file-uploader/1.29.1/uc-thumb/-/no_such_op/1/2/");
        assertThat(a.chain().operations()).extracting(Operation::name).containsExactly("@clib", "no_such_op");
        assertThat(io.satchel.imaging.TransformChain.parse(a.chain()).needsProcessing()).isFalse();
        assertThat(a.chain().inline()).isEmpty();
    }

    @Test
    void inlineIsHonouredLastOneWinning() {
        assertThat(file("/" + U + "/-/inline/yes/").chain().inline()).contains(true);
        assertThat(file("/" + U + "/-/inline/no/").chain().inline()).contains(false);
        assertThat(file("/" + U + "/-/inline/yes/-/inline/no/").chain().inline()).contains(false);
        assertThatThrownBy(() -> file("/" + U + "/-/inline/maybe/").chain().inline())
                .isInstanceOf(Failure.class).extracting("category").isEqualTo(Failure.Category.BAD_REQUEST);
        assertThatThrownBy(() -> file("/" + U + "/-/inline/").chain().inline()).isInstanceOf(Failure.class);
    }

    @Test
    void groupPageAndMembers() {
        assertThat(parse("/" + G + "/")).contains(new GroupPage(G));
        assertThat(parse("/" + G.toUpperCase() + "/")).contains(new GroupPage(G));
        assertThat(parse("/" + G + "/nth/2/")).contains(new GroupMember(G, 2, Chain.EMPTY, Optional.empty()));
        GroupMember m = (GroupMember) parse("/" + G + "/nth/0/-/inline/yes/a.txt").orElseThrow();
        assertThat(m.index()).isZero();
        assertThat(m.chain().inline()).contains(true);
        assertThat(m.filename()).contains("a.txt");
    }

    @Test
    void membersOutsideTheGroupsCountAreNotAddresses() {
        assertThat(parse("/" + G + "/nth/3/")).isEmpty();
        assertThat(parse("/" + G + "/nth/-1/")).isEmpty();
        assertThat(parse("/" + G + "/nth/99999/")).isEmpty();
    }

    @Test
    void effectsComeBeforeTheAddressOwnOperations() {
        Chain effects = Chain.ofEffects("resize/10x/-/inline/yes/");
        Chain all = effects.then(file("/" + U + "/-/inline/no/").chain());
        assertThat(all.operations()).extracting(Operation::name).containsExactly("resize", "inline", "inline");
        assertThat(all.inline()).contains(false);
        assertThat(Chain.ofEffects("")).isEqualTo(Chain.EMPTY);
        assertThat(Chain.ofEffects(null)).isEqualTo(Chain.EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/favicon.ico", "/not-a-uuid/", "/" + U + "x/", "/" + U + "~0/", "/" + U + "~/",
        "/" + U + "~12345/", "/" + U + "/resize/200x/", "/" + U + "/-/", "/" + U + "/-/-/preview/",
        "/" + U + "/detect_faces/", "/" + U + "/gif2video/", "/" + G + "/archive/zip/", "/" + G + "/-/preview/",
        "/" + G + "/name.zip", "/" + G + "/nth/", "/" + G + "/nth/x/", "/../" + U + "/", "/" + U + "/../x/",
        "/..%2F" + U + "/", "/" + U + "%2F..%2F/"})
    void otherPathsAreNotCdnAddresses(String path) {
        assertThat(parse(path)).isEmpty();
    }
}
