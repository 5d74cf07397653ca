package io.satchel.imaging;

import java.io.IOException;
import java.io.InputStream;
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
     * {@link Oversized} above {@code maxInputPixels}, and a 400 {@code Failure} for bytes that cannot be decoded.
     */
    Rendered render(InputStream in, long size, TransformChain chain, Encoding.Accepts accepts, long maxInputPixels,
                    java.time.Instant deadline) throws IOException;

    /** The image shrunk to fit a {@code box}-pixel square (upright, never enlarged), as PNG: for colour statistics. */
    byte[] sample(InputStream in, long size, int box, long maxInputPixels) throws IOException;
}
