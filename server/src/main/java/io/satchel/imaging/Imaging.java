package io.satchel.imaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.files.StoredFile;
import io.satchel.storage.BlobStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The imaging service the CDN calls: for a file and a chain, the variant from the caches or freshly
 * rendered, keyed by {@code sha256(uuid, canonical chain, output format)}. Images above the pixel
 * budget are not processed (the caller serves the original).
 */
public final class Imaging {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageEngine engine;
    private final BlobStore store;
    private final ResultCache cache;
    private final long maxInputPixels;
    private final Duration timeLimit;
    private final Clock clock;

    public Imaging(ImageEngine engine, BlobStore store, ResultCache cache, long maxInputPixels, Duration timeLimit, Clock clock) {
        this.engine = engine;
        this.store = store;
        this.cache = cache;
        this.maxInputPixels = maxInputPixels;
        this.timeLimit = timeLimit;
        this.clock = clock;
    }

    /** A transform result ready to send: its bytes, encoding, strong validator, and whether it depends on {@code Accept}. */
    public record Variant(InputStream body, long size, Encoding encoding, String etag, boolean variesByAccept,
                          ResultCache.Layer layer, byte[] bytes) {}

    /** The variant of {@code file} for {@code chain}; empty when the image is too large to process. */
    public Optional<Variant> variant(StoredFile file, TransformChain chain, String acceptHeader) throws Exception {
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
                try (InputStream in = store.read(file.storageKey(), 0, file.size())) {
                    return engine.render(in, file.size(), chain, accepts, maxInputPixels, clock.instant().plus(timeLimit)).bytes();
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
                try (InputStream in = store.read(file.storageKey(), 0, file.size())) {
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

    /** Drops every variant of a file (it was removed). */
    public void purge(String uuid) {
        cache.purge(uuid);
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
