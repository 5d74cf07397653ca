package io.satchel.imaging;

/** The image has more pixels than may be decoded: it is served as it is (spec §4.5). */
public final class Oversized extends RuntimeException {
    public Oversized(long pixels, long max) {
        super(pixels + " pixels is more than the " + max + " this server decodes", null, false, false);
    }
}
