package io.satchel.imaging;

/** An encoded transform result. */
public record Rendered(byte[] bytes, Encoding encoding, int width, int height) {}
