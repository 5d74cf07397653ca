package io.satchel.imaging;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The image port: what Satchel needs from an image library. The adapter is libvips ({@link VipsEngine}). */
public interface ImageEngine {

    /**
     * Reads the header of {@code size} bytes of {@code in}. Empty when the bytes are not an image an
     * allow-listed loader accepts (unknown, blocked or damaged formats).
     */
    Optional<ImageInfo> probe(InputStream in, long size) throws IOException;

    /**
     * Applies {@code chain} to {@code size} bytes of {@code in} and encodes the result. Throws
     * {@link Oversized} above {@code maxInputPixels}, and a 400 {@code Failure} for bytes that cannot be
     * decoded. {@code overlays} holds, by uuid, every other file the chain's overlays draw (already checked
     * to belong to the project); an overlay of a uuid not there is a 400.
     */
    Rendered render(InputStream in, long size, TransformChain chain, Encoding.Accepts accepts, long maxInputPixels,
                    Instant deadline, Map<String, Source> overlays) throws IOException;

    /**
     * The width and height {@link #render} would produce for {@code chain} (its geometry only: effects
     * do not change the size, and nothing is encoded). Same guards as {@code render}.
     */
    Size measure(InputStream in, long size, TransformChain chain, long maxInputPixels, Instant deadline) throws IOException;

    /** Another stored image a chain draws: its size in bytes and a way to read them. */
    interface Source {
        long size();

        InputStream open() throws IOException;
    }

    /** An image's size in pixels. */
    record Size(int width, int height) {}

    /** The image shrunk to fit a {@code box}-pixel square (upright, never enlarged), as PNG: for colour statistics. */
    byte[] sample(InputStream in, long size, int box, long maxInputPixels) throws IOException;
}
