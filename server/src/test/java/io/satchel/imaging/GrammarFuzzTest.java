package io.satchel.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.satchel.delivery.Chain;
import io.satchel.delivery.Operation;
import io.satchel.errors.Failure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Seeded random chains, mostly near-valid: whatever a stranger sends, parsing either succeeds (and
 * the canonical form then parses back to itself) or fails with a 400 naming the reason. Nothing else
 * ever comes out.
 */
class GrammarFuzzTest {
    private static final int ROUNDS = 30_000;

    private static final List<String> NAMES = Stream.concat(
            Arrays.stream(Grammar.values()).map(g -> g.word),
            Stream.of("@clib", "@x", "nosuch", "Resize", "gif2video", "detect_faces", "nth", "", "-x", "preview ", "PREVIEW"))
            .toList();

    private static final List<String> TOKENS = List.of(
            // numbers, good and bad
            "0", "1", "-1", "4", "10", "50", "90", "-90", "100", "101", "256", "257", "270", "1000", "2048", "5000", "5001",
            "100000", "100001", "-100000", "007", "-0", "+5", "1.5", "NaN", "Infinity", "-Infinity", "1e3", "0x10",
            "99999999999", "2147483648", "-2147483649", "9223372036854775808",
            // sizes and lengths
            "100x100", "100x", "x100", "x", "0x0", "5000x5000", "5001x1", "50px50p", "50%x50%", "100px100p", "101px1",
            "1000px1p", "10x10x10", "0.5px0.5p", "99.999999px1p", "9999px1", "50p", "0p", "100p", "101p", "40%", "12.5p",
            // positions
            "center", "top", "right", "bottom", "left", "10,20", "-10,-20", "0,0", "50p,50p", "101p,0", ",", "1,", ",1",
            "1,2,3", "10p,", "-5p,5p", "100001,0",
            // ratios
            "16:9", "1:1", "0:1", "1:0", ":", "1:2:3", "10000:1", "10001:1",
            // colours
            "fff", "FFF", "ffffff", "ffffff80", "ggg", "12345", "#fff",
            // words
            "yes", "no", "on", "off", "fill", "auto", "jpeg", "png", "webp", "preserve", "jpg", "smart", "smart_retina",
            "normal", "lightest", "all", "none", "sensitive", "fast", "icc", "keep_profile", "face", "faces", "image", "self",
            "smart_faces", "smart_objects_faces_points", "adaris", "zevcen", "sepia", "fit", "line", "middle",
            "0b9b4d4e-7a1c-4f39-9a8e-3c4f0a1b2c3d", "0B9B4D4E-7A1C-4F39-9A8E-3C4F0A1B2C3D",
            // text
            "hello", "a~sb~nc~~", "~", "~x", "~~~", "/", "a/b", "%2F", "\u0000", "\u00e9t\u00e9", "\ud83d\ude00", " ", "\t");

    @Test
    void onlySuccessOrA400EverComesOut() {
        Random random = new Random(0x5a7c4e1L);
        int ok = 0;
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Chain chain = randomChain(random);
            try {
                TransformChain parsed = TransformChain.parse(chain);
                checkSuccess(chain, parsed);
                ok++;
            } catch (Failure f) {
                assertThat(f.status()).as("%s", chain).isEqualTo(400);
                assertThat(f.getMessage()).as("%s", chain).isNotBlank().doesNotContain("null");
                refused++;
            } catch (RuntimeException | Error e) {
                fail("chain " + chain + " threw " + e, e);
            }
        }
        // the generator must exercise both outcomes in earnest
        assertThat(ok).isGreaterThan(ROUNDS / 10);
        assertThat(refused).isGreaterThan(ROUNDS / 10);
    }

    /** One valid form of every operation; combined, and now and then one token mutated. */
    private static final List<String> VALID = List.of("preview", "preview/300x500", "resize/320x", "resize/x240",
            "resize/10x20", "smart_resize/440x600", "stretch/off", "stretch/fill", "stretch/on", "crop/400x300",
            "crop/400x300/-10,20", "crop/50px50p/center", "crop/50%x25%/25p,75p", "crop/16:9", "crop/4:3/top", "crop/face/1:1/center",
            "crop/image/200px150p", "scale_crop/100x100", "scale_crop/100x100/center", "scale_crop/100x50/smart/top",
            "scale_crop/10x10/30p,70p", "rotate/-90", "rotate/450", "flip", "mirror", "zoom_objects/42",
            "border_radius/10", "border_radius/10,20,30/5p", "enhance", "enhance/70", "brightness/-20", "exposure/150",
            "gamma/120", "contrast/25", "saturation/-50", "vibrance/60", "warmth/30", "grayscale", "invert",
            "filter/iothari/150", "blur", "blur/20/-50", "sharp/7", "blur_region/100x50/10,20", "blur_region/50px50p/25p,25p/300",
            "blur_region/faces/50", "overlay/self", "overlay/self/50px50p/20p", "overlay/0b9b4d4e-7a1c-4f39-9a8e-3c4f0a1b2c3d/200x100/center/40p",
            "rect/9f9/50px33p/center", "text_align/center/bottom", "font/24/fff", "text_box/fill/000/10",
            "text/80px20p/bottom/Hello~sworld", "rasterize", "autorotate/no", "srgb/icc", "max_icc_size/20", "setfill/8d8578",
            "format/webp", "quality/smart", "progressive/yes", "strip_meta/sensitive", "inline/no", "@clib/fu/1.0/uc-img",
            "nosuch/1/2", "json", "jsonp", "main_colors/8");

    @Test
    void nearValidChainsParseToAFixedPointOrA400() {
        Random random = new Random(1234);
        int ok = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<Operation> ops = new ArrayList<>();
            int n = 1 + random.nextInt(7);
            for (int i = 0; i < n; i++) {
                List<String> parts = new ArrayList<>(List.of(VALID.get(random.nextInt(VALID.size())).split("/")));
                if (random.nextInt(4) == 0 && parts.size() > 1) {
                    int at = 1 + random.nextInt(parts.size() - 1);
                    parts.set(at, mutate(random, parts.get(at)));
                }
                ops.add(new Operation(parts.getFirst(), parts.subList(1, parts.size())));
            }
            Chain chain = new Chain(ops);
            try {
                checkSuccess(chain, TransformChain.parse(chain));
                ok++;
            } catch (Failure f) {
                assertThat(f.status()).isEqualTo(400);
                assertThat(f.getMessage()).matches("[a-z_]+: .+");
            } catch (RuntimeException | Error e) {
                fail("chain " + chain + " threw " + e, e);
            }
        }
        assertThat(ok).isGreaterThan(ROUNDS / 3);
    }

    @Test
    void randomCharactersNeverEscapeAsAnythingButA400() {
        Random random = new Random(42);
        for (int round = 0; round < ROUNDS / 3; round++) {
            List<Operation> ops = new ArrayList<>();
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                String name = NAMES.get(random.nextInt(NAMES.size()));
                List<String> args = new ArrayList<>();
                int m = random.nextInt(4);
                for (int j = 0; j < m; j++) args.add(randomString(random));
                ops.add(new Operation(name, args));
            }
            Chain chain = new Chain(ops);
            try {
                checkSuccess(chain, TransformChain.parse(chain));
            } catch (Failure f) {
                assertThat(f.status()).isEqualTo(400);
            } catch (RuntimeException | Error e) {
                fail("chain " + chain + " threw " + e, e);
            }
        }
    }

    @Test
    void groupEffectsStringsNeverEscapeAsAnythingButA400() {
        Random random = new Random(7);
        for (int round = 0; round < ROUNDS / 3; round++) {
            StringBuilder effects = new StringBuilder();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(10);
                effects.append(pick < 2 ? "-" : pick < 5 ? NAMES.get(random.nextInt(NAMES.size())) : TOKENS.get(random.nextInt(TOKENS.size())));
                effects.append('/');
            }
            try {
                Chain chain = Chain.ofEffects(effects.toString());
                checkSuccess(chain, TransformChain.parse(chain));
            } catch (Failure f) {
                assertThat(f.status()).isEqualTo(400);
            } catch (RuntimeException | Error e) {
                fail("effects " + effects + " threw " + e, e);
            }
        }
    }

    /** A parsed chain answers everything without throwing, and its canonical form is a fixed point. */
    private static void checkSuccess(Chain chain, TransformChain parsed) {
        String canonical = parsed.canonical();
        parsed.format();
        parsed.quality();
        parsed.stripMeta();
        parsed.inline();
        parsed.fill();
        parsed.maxOutputSide();
        parsed.infoOutput();
        assertThat(parsed.cacheKey("u", "jpeg")).hasSize(64);
        TransformChain again;
        try {
            again = TransformChain.parse(Chain.ofEffects(canonical));
        } catch (Failure f) {
            throw new AssertionError("canonical form of " + chain + " does not parse: " + canonical + " (" + f.getMessage() + ")");
        }
        assertThat(again.canonical()).as("canonical of %s", chain).isEqualTo(canonical);
        assertThat(again.needsProcessing() || canonical.isEmpty() || parsed.infoOutput().isPresent()).isTrue();
    }

    private static Chain randomChain(Random random) {
        int n = random.nextInt(50) == 0 ? 40 + random.nextInt(30) : random.nextInt(8);
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(20) == 0 ? randomString(random) : NAMES.get(random.nextInt(NAMES.size()));
            if (name.isEmpty()) name = "x";
            int m = random.nextInt(30) == 0 ? 9 + random.nextInt(3) : random.nextInt(5);
            List<String> args = new ArrayList<>();
            for (int j = 0; j < m; j++) args.add(randomToken(random));
            ops.add(new Operation(name, args));
        }
        return new Chain(ops);
    }

    private static String randomToken(Random random) {
        int pick = random.nextInt(100);
        if (pick < 80) return TOKENS.get(random.nextInt(TOKENS.size()));
        if (pick < 90) return mutate(random, TOKENS.get(random.nextInt(TOKENS.size())));
        if (pick < 98) return randomString(random);
        return "9".repeat(200 + random.nextInt(100));
    }

    private static String mutate(Random random, String token) {
        StringBuilder b = new StringBuilder(token);
        int edits = 1 + random.nextInt(3);
        String alphabet = "0123456789xp%,:.-+~snabcdef";
        for (int i = 0; i < edits; i++) {
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            int at = b.isEmpty() ? 0 : random.nextInt(b.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> b.insert(at, c);
                case 1 -> {
                    if (at < b.length()) b.setCharAt(at, c);
                }
                default -> {
                    if (at < b.length()) b.deleteCharAt(at);
                }
            }
        }
        return b.isEmpty() || b.toString().equals("-") ? "0" : b.toString();
    }

    private static String randomString(Random random) {
        int length = 1 + random.nextInt(12);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> 'a' + random.nextInt(26);
                case 1 -> '0' + random.nextInt(10);
                case 2 -> " ,.:;%~xp-_@#".charAt(random.nextInt(13));
                default -> random.nextInt(0x2FFFF);
            });
        }
        String s = b.toString();
        return s.equals("-") ? "x" : s;
    }
}
