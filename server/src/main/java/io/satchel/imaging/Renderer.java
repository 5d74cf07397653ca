package io.satchel.imaging;

import io.satchel.errors.Failure;
import io.satchel.vips.Scope;
import io.satchel.vips.VipsImage;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link TransformChain} to one image, top to bottom: cheap guards first (header probe, pixel
 * budget), then the decode — shrink-on-load when the chain starts by shrinking — then each step in
 * order with the deadline checked between steps, the output cap, and the encode. Runs inside one
 * {@link Scope} on an imaging thread.
 */
final class Renderer {
    private final Scope s;
    private final TransformChain chain;
    private final Clock clock;
    private final Instant deadline;
    private final long maxInputPixels;
    private final Map<String, ImageEngine.Source> overlays;
    private final Geometries geometry;
    private final Effects effects;
    private final Color fill;

    Renderer(Scope s, TransformChain chain, Clock clock, Instant deadline, long maxInputPixels,
             Map<String, ImageEngine.Source> overlays) {
        this.s = s;
        this.chain = chain;
        this.clock = clock;
        this.deadline = deadline;
        this.maxInputPixels = maxInputPixels;
        this.overlays = overlays;
        this.fill = chain.fill().orElse(Color.WHITE);
        this.geometry = new Geometries(s, fill);
        this.effects = new Effects(s);
    }

    Rendered render(Scope.Input input, Encoding.Accepts accepts) throws IOException {
        VipsImage header = s.load(input);
        checkPixels(header, maxInputPixels);
        String sourceFormat = VipsEngine.format(header);
        VipsImage img = run(input, header, true);
        Encoding encoding = Encoding.choose(chain.format(), accepts, sourceFormat, img.hasAlpha(),
                (long) img.width() * img.height());
        byte[] bytes = new Encoder(s, chain, fill).encode(img, encoding);
        return new Rendered(bytes, encoding, img.width(), img.height());
    }

    /** The size {@link #render} would give: the same steps but geometry only, and nothing encoded. */
    ImageEngine.Size measure(Scope.Input input) throws IOException {
        VipsImage header = s.load(input);
        checkPixels(header, maxInputPixels);
        VipsImage img = run(input, header, false);
        return new ImageEngine.Size(img.width(), img.height());
    }

    /**
     * The steps in order on the decoded image, the deadline checked before each, then the output cap.
     * Without {@code pixels} only what can change the size runs (effects, layers and corners keep it).
     */
    private VipsImage run(Scope.Input input, VipsImage header, boolean pixels) throws IOException {
        List<TransformOp> steps = new ArrayList<>(chain.steps().stream().filter(op -> !op.isIdentity()).toList());
        VipsImage img = decode(input, header, steps);
        img = Colour.toDisplay(s, img, chain.srgb().orElse(Setting.ProfileMode.ICC), chain.maxIccSizeKb());
        Layers layers = new Layers(s, input, overlays, maxInputPixels, chain.autorotate());
        for (TransformOp step : steps) {
            checkDeadline();
            if (!pixels && (!(step instanceof Geometry) || step instanceof Geometry.BorderRadius)) continue;
            img = switch (step) {
                case Geometry g -> geometry.apply(img, g);
                case Effect.Overlay o -> layers.overlay(img, o);
                case Effect.Rect r -> layers.rect(img, r);
                case Effect e -> effects.apply(img, e);
                default -> img; // pending operations are understood but not applied yet
            };
        }
        checkDeadline();
        return geometry.fitWithin(img, chain.maxOutputSide());
    }

    /** The pixel budget, from the header alone (every page of an animation counts). */
    static void checkPixels(VipsImage header, long maxInputPixels) {
        long pixels = (long) header.width() * header.height() * Math.max(1, header.pages());
        if (pixels > maxInputPixels) throw new Oversized(pixels, maxInputPixels);
    }

    /**
     * Decodes, shrinking while decoding when the first step allows it (JPEG and WebP then decode at a
     * fraction of their size); that step is then done. Otherwise a plain sequential decode, rotated
     * upright unless {@code autorotate/no}.
     */
    private VipsImage decode(Scope.Input input, VipsImage header, List<TransformOp> steps) {
        boolean noRotate = !chain.autorotate();
        if (!steps.isEmpty()) {
            Map<String, Object> plan = Geometries.shrinkOnLoad(steps.get(0));
            if (plan != null) {
                steps.remove(0);
                Object[] options = options(plan, "no_rotate", noRotate);
                return s.thumbnail(input, (int) plan.get("width"), options);
            }
        }
        return noRotate ? header : s.apply("autorot", header);
    }

    private static Object[] options(Map<String, Object> plan, Object... more) {
        List<Object> out = new ArrayList<>();
        plan.forEach((k, v) -> {
            if (!k.equals("width")) {
                out.add(k);
                out.add(v);
            }
        });
        for (Object o : more) out.add(o);
        return out.toArray();
    }

    private void checkDeadline() {
        if (clock.instant().isAfter(deadline)) {
            throw new Failure(Failure.Category.UNAVAILABLE, "ProcessingTimeLimitError", "Image processing took too long.");
        }
    }
}
