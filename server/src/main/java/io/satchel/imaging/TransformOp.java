package io.satchel.imaging;

/**
 * One typed, validated CDN image operation (spec §4.2). The families say how an applier treats them:
 * {@link Geometry} and {@link Effect} run in chain order, {@link Setting}s hold for the whole output,
 * an {@link Info} answers with JSON instead of an image, and {@link Pending} operations are understood
 * and validated but not applied yet (they need detection, text rendering or filter tables).
 */
public sealed interface TransformOp permits Geometry, Effect, Setting, Info, Pending {
    /** The operation as {@code name/arg/arg}, arguments normalised and defaults written out. */
    String canonical();

    /** Whether applying it changes nothing ({@code brightness/0}, {@code rotate/360}…); skipped and left out of the canonical form. */
    default boolean isIdentity() {
        return false;
    }
}
