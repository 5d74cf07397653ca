/**
 * A small binding of libvips 8.14+ over {@code java.lang.foreign}: {@link io.satchel.vips.Vips} loads and
 * initialises the library once (cache off, one worker per pipeline, untrusted and non-allow-listed
 * loaders blocked); a {@link io.satchel.vips.Scope} per job owns every native object and frees them when
 * closed; any operation is called by name through the GValue route, so a wrong argument is an
 * exception carrying libvips's text, never a crash. Run scopes on platform threads: a native call pins
 * a virtual thread's carrier.
 */
package io.satchel.vips;
