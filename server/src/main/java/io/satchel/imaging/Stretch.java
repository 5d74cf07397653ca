package io.satchel.imaging;

/**
 * {@code -/stretch/on|off|fill/}: what the next {@code resize} or {@code scale_crop} does with a
 * source smaller than asked. Not an operation of its own: the parser folds it into that next one.
 */
public enum Stretch {
    /** Upscale (the default). */
    ON,
    /** Never upscale: the smaller source is kept as it is. */
    OFF,
    /** Never upscale: the source is laid, unscaled and centred, on a canvas of the asked size filled with the setfill colour. */
    FILL;

    static Stretch parse(Args a) {
        Stretch s = a.nextChoice(Stretch.class);
        a.end();
        return s;
    }
}
