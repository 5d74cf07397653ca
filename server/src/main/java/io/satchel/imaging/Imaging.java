package io.satchel.imaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.files.StoredFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The imaging service the CDN calls: for a file and a chain, the variant from the caches or freshly
 * rendered, keyed by {@code sha256(uuid, canonical chain, output format)}. Images above the pixel
 * budget are not processed (the caller serves the original).
 */
public final class Imaging {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageEngine engine;
    private final Originals originals;
    private final ResultCache cache;
    private final long maxInputPixels;
    private final Duration timeLimit;
    private final Clock clock;

    public Imaging(ImageEngine engine, Originals originals, ResultCache cache, long maxInputPixels, Duration timeLimit,
                   Clock clock) {
        this.engine = engine;
        this.originals = originals;
        this.cache = cache;
        this.maxInputPixels = maxInputPixels;
        this.timeLimit = timeLimit;
        this.clock = clock;
    }

    /** A transform result ready to send: its bytes, encoding, strong validator, and whether it depends on {@code Accept}. */
    public record Variant(InputStream body, long size, Encoding encoding, String etag, boolean variesByAccept,
                          ResultCache.Layer layer, byte[] bytes) {}

    /** Finds a deliverable file by uuid, whatever its project (tenancy is checked here, not by the finder). */
    @FunctionalInterface
    public interface FileFinder {
        Optional<StoredFile> find(String uuid);
    }

    /**
     * The variant of {@code file} for {@code chain}; empty when the image is too large to process. Files
     * the chain's overlays name are looked up with {@code files} and must be images of the same project.
     */
    public Optional<Variant> variant(StoredFile file, TransformChain chain, String acceptHeader, FileFinder files) throws Exception {
        Map<String, ImageEngine.Source> overlays = overlays(file, chain, files); // checked on every request: a removed overlay is refused
        boolean auto = chain.format() == Setting.OutputFormat.AUTO;
        Encoding.Accepts accepts = auto ? Encoding.accepts(acceptHeader) : Encoding.Accepts.NEITHER;
        String output = auto ? "auto-" + accepts.name().toLowerCase(java.util.Locale.ROOT) : chain.format().name().toLowerCase(java.util.Locale.ROOT);
        String key = chain.cacheKey(file.uuid(), output);
        ResultCache.Hit hit;
        try {
            hit = cache.get(file.uuid(), key, () -> {
                // Checked only when rendering: a bomb is refused before its bytes are read at all.
                long pixels = pixels(file);
                if (pixels > maxInputPixels) throw new Oversized(pixels, maxInputPixels);
                try (InputStream in = originals.open(file)) {
                    return engine.render(in, file.size(), chain, accepts, maxInputPixels, clock.instant().plus(timeLimit),
                            overlays).bytes();
                }
            });
        } catch (Oversized e) {
            return Optional.empty();
        }
        String etag = "\"" + key + "\"";
        if (hit.bytes() != null) {
            return Optional.of(new Variant(hit.body(), hit.size(), Encoding.of(hit.bytes()), etag, auto, hit.layer(), hit.bytes()));
        }
        BufferedInputStream body = new BufferedInputStream(hit.body(), 16);
        body.mark(16);
        byte[] head = body.readNBytes(12);
        body.reset();
        return Optional.of(new Variant(body, hit.size(), Encoding.of(head), etag, auto, hit.layer(), null));
    }

    /**
     * The dominant colours of the image, most common first, as {@code [[r,g,b],…]} JSON; computed once per
     * file and count, then cached like a variant. Empty when the image is too large to process.
     */
    public Optional<byte[]> mainColors(StoredFile file, TransformChain chain, int count) throws Exception {
        String key = chain.cacheKey(file.uuid(), "main-colors");
        try {
            ResultCache.Hit hit = cache.get(file.uuid(), key, () -> {
                long pixels = pixels(file);
                if (pixels > maxInputPixels) throw new Oversized(pixels, maxInputPixels);
                byte[] sample;
                try (InputStream in = originals.open(file)) {
                    sample = engine.sample(in, file.size(), 64, maxInputPixels);
                }
                var colours = MainColors.of(sample, count, file.uuid().hashCode());
                return JSON.writeValueAsBytes(colours);
            });
            try (InputStream in = hit.body()) {
                return Optional.of(in.readAllBytes());
            }
        } catch (Oversized e) {
            return Optional.empty();
        }
    }

    /**
     * The width and height of what {@code chain} makes of {@code file}, for {@code -/json/} after
     * operations; computed once (geometry only, nothing encoded), then cached like a variant. Empty when
     * the image is too large to process (it would be served as it is).
     */
    public Optional<ImageEngine.Size> size(StoredFile file, TransformChain chain, FileFinder files) throws Exception {
        overlays(file, chain, files); // the same refusals as the image itself
        String key = chain.cacheKey(file.uuid(), "size");
        try {
            ResultCache.Hit hit = cache.get(file.uuid(), key, () -> {
                long pixels = pixels(file);
                if (pixels > maxInputPixels) throw new Oversized(pixels, maxInputPixels);
                ImageEngine.Size size;
                try (InputStream in = originals.open(file)) {
                    size = engine.measure(in, file.size(), chain, maxInputPixels, clock.instant().plus(timeLimit));
                }
                return JSON.writeValueAsBytes(size);
            });
            try (InputStream in = hit.body()) {
                return Optional.of(JSON.readValue(in.readAllBytes(), ImageEngine.Size.class));
            }
        } catch (Oversized e) {
            return Optional.empty();
        }
    }

    /**
     * The other files the chain's overlays draw, by uuid. Each must be a deliverable image of the same
     * project, within the pixel budget; otherwise the request is a 400 saying why. An unknown uuid and
     * another project's get the same answer, so no one learns which uuids exist elsewhere.
     */
    private Map<String, ImageEngine.Source> overlays(StoredFile file, TransformChain chain, FileFinder files) {
        Map<String, ImageEngine.Source> sources = new LinkedHashMap<>();
        for (TransformOp op : chain.steps()) {
            if (!(op instanceof Effect.Overlay o) || o.isIdentity() || o.source().equals("self") || sources.containsKey(o.source())) {
                continue;
            }
            StoredFile other = files.find(o.source()).filter(f -> f.projectId() == file.projectId())
                    .orElseThrow(() -> Args.failure("overlay", Layers.UNKNOWN));
            if (!other.isImage()) throw Args.failure("overlay", Layers.NOT_AN_IMAGE);
            if (pixels(other) > maxInputPixels) throw Args.failure("overlay", Layers.TOO_LARGE);
            sources.put(o.source(), new ImageEngine.Source() {
                @Override
                public long size() {
                    return other.size();
                }

                @Override
                public InputStream open() throws IOException {
                    return originals.open(other);
                }
            });
        }
        return sources;
    }

    /** Drops every variant of a file (it was removed), here and in the shared store. */
    public void purge(String uuid) {
        forgetLocally(uuid);
        cache.purge(uuid);
    }

    /** Drops this node's variants and copy of a file that another node removed (and purged from the store). */
    public void forgetLocally(String uuid) {
        originals.forget(uuid);
        cache.forgetLocally(uuid);
    }

    /** Width × height from the image info PROCESS recorded; 0 when unknown (then the renderer checks the header). */
    private static long pixels(StoredFile file) {
        if (file.contentInfo() == null) return 0;
        try {
            JsonNode image = JSON.readTree(file.contentInfo()).get("image");
            return image == null ? 0 : image.path("width").asLong() * image.path("height").asLong();
        } catch (IOException e) {
            return 0;
        }
    }
}
