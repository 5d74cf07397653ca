package io.satchel.vips;

/** A libvips call failed; the message is libvips's own text (a best-effort diagnostic, not a code). */
public final class VipsException extends RuntimeException {
    public VipsException(String message) {
        super(message);
    }
}
