package io.satchel.imaging;

import io.satchel.delivery.Chain;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A CDN chain as typed operations, after the repeat rules: the steps in the order they run, then the
 * settings that hold for the whole output (one each, the last given), then the info answer if any.
 * Built only by {@link #parse}, which refuses a malformed chain with a 400 {@code Failure}.
 */
public final class TransformChain {
    /** Bumped whenever the applier changes what a canonical chain produces, so old cached results are not reused. */
    static final String KEY_VERSION = "satchel-transform-2";

    private final List<TransformOp> operations;
    private final boolean needsProcessing;

    TransformChain(List<TransformOp> operations, boolean needsProcessing) {
        this.operations = List.copyOf(operations);
        this.needsProcessing = needsProcessing;
    }

    /** The typed chain for {@code raw} (for a group member: {@code Chain.ofEffects(effects).then(urlChain)}). */
    public static TransformChain parse(Chain raw) {
        return ChainParser.parse(raw);
    }

    /** Every operation after the repeat rules: steps in order, then settings, then the info answer. */
    public List<TransformOp> operations() {
        return operations;
    }

    /** The processing gate: a core operation ({@code preview}, {@code resize}, {@code smart_resize}, {@code scale_crop}) is present. */
    public boolean needsProcessing() {
        return needsProcessing;
    }

    /** The operations to run in order: geometry, effects and pending ones (settings and the info answer aside). */
    public List<TransformOp> steps() {
        return operations.stream().filter(op -> !(op instanceof Setting || op instanceof Info || op instanceof Pending.Rasterize)).toList();
    }

    /** {@code json}, {@code jsonp} or {@code main_colors} when the chain asks for JSON instead of an image. */
    public Optional<Info> infoOutput() {
        return find(Info.class);
    }

    public Setting.OutputFormat format() {
        return find(Setting.Format.class).map(Setting.Format::value).orElse(Setting.OutputFormat.AUTO);
    }

    /** Whether {@code format/jpeg} is in effect, which raises the output cap to 5000 px. */
    public boolean explicitJpeg() {
        return format() == Setting.OutputFormat.JPEG;
    }

    /** The largest output side allowed (spec §4.5): 5000 with {@code format/jpeg}, else 3000. */
    public int maxOutputSide() {
        return explicitJpeg() ? 5000 : 3000;
    }

    /** Empty: the project's default. */
    public Optional<Setting.QualityLevel> quality() {
        return find(Setting.Quality.class).map(Setting.Quality::value);
    }

    public boolean progressive() {
        return find(Setting.Progressive.class).map(Setting.Progressive::on).orElse(false);
    }

    /** Default {@code all} (JS-CDNURL's comment; the spec marks it UNCONFIRMED). */
    public Setting.MetaPolicy stripMeta() {
        return find(Setting.StripMeta.class).map(Setting.StripMeta::value).orElse(Setting.MetaPolicy.ALL);
    }

    /** Empty: the applier's default conversion. */
    public Optional<Setting.ProfileMode> srgb() {
        return find(Setting.Srgb.class).map(Setting.Srgb::value);
    }

    public int maxIccSizeKb() {
        return find(Setting.MaxIccSize.class).map(Setting.MaxIccSize::kilobytes).orElse(10);
    }

    public boolean autorotate() {
        return find(Setting.Autorotate.class).map(Setting.Autorotate::on).orElse(true);
    }

    /** The setfill colour, for every padding and for flattening alpha into JPEG; empty: the applier's (white). */
    public Optional<Color> fill() {
        return find(Setting.SetFill.class).map(Setting.SetFill::color);
    }

    /** {@code inline/yes|no}, the last one given. */
    public Optional<Boolean> inline() {
        return find(Setting.Inline.class).map(Setting.Inline::on);
    }

    public boolean rasterize() {
        return find(Pending.Rasterize.class).isPresent();
    }

    /**
     * The operations that decide the output bytes, normalised, as {@code op/args/-/op/args}: unknown
     * and {@code @} operations, {@code inline} and no-ops left out, defaults written out, settings in
     * a fixed order after the steps. Without a core operation only the info answer (if any) counts,
     * since the original is served untouched. Parsing it again gives the same canonical form.
     */
    public String canonical() {
        List<String> parts = new ArrayList<>();
        if (needsProcessing) {
            for (TransformOp op : steps()) {
                if (op.isIdentity()) continue;
                Stretch stretch = switch (op) {
                    case Geometry.Resize r -> r.stretch();
                    case Geometry.ScaleCrop s -> s.stretch();
                    default -> Stretch.ON;
                };
                if (stretch != Stretch.ON) parts.add("stretch/" + Args.word(stretch));
                parts.add(op.canonical());
            }
            for (Grammar g : Grammar.values()) {
                if (g.repeat != Grammar.Repeat.SETTING || g == Grammar.INLINE) continue;
                TransformOp given = operations.stream().filter(op -> ChainParser.ruleOf(op) == g).findFirst().orElse(g.fallback);
                if (given != null) parts.add(given.canonical());
            }
        }
        infoOutput().ifPresent(info -> parts.add(info.canonical()));
        return String.join("/-/", parts);
    }

    /**
     * Hex SHA-256 over the key version, {@code uuid}, the canonical chain and the negotiated output
     * format, each length-prefixed so no two different triples share a key.
     */
    public String cacheKey(String uuid, String outputFormat) {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(outputFormat, "outputFormat");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(KEY_VERSION, uuid, canonical(), outputFormat)) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformChain other && other.needsProcessing == needsProcessing && other.operations.equals(operations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(operations, needsProcessing);
    }

    @Override
    public String toString() {
        return "TransformChain[" + canonical() + "]";
    }

    private <T> Optional<T> find(Class<T> type) {
        return operations.stream().filter(type::isInstance).map(type::cast).findFirst();
    }
}
