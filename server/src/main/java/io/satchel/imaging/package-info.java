/**
 * Imaging: the closed grammar of CDN image operations (spec §4.1–4.2). {@link
 * io.satchel.imaging.TransformChain#parse} turns a raw {@code delivery.Chain} into typed, validated
 * {@link io.satchel.imaging.TransformOp} records, or a 400 naming the operation and the reason;
 * unknown and {@code @} operations are ignored. The chain answers the processing gate, the effective
 * output settings, and a canonical form for the result cache key. Applying the operations is the
 * libvips side's job: nothing here names an engine method.
 */
package io.satchel.imaging;
