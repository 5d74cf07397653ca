/**
 * tus 1.0.0 under {@code /tus/} (spec/tus.md) with creation, creation-with-upload, creation-defer-length,
 * termination, concatenation, expiration, checksum and checksum-trailer. The upload id is the future file's uuid. Bytes go
 * through {@link io.satchel.uploads.PendingUploads}: an offset only ever reports bytes that are durable,
 * one upload's requests never interleave (a second one waits briefly, then gets 409), and the last byte
 * hands the file to the same CONFIRM every upload path ends in. Partial uploads never become files: the
 * final upload that names them does, and they are let go. Errors are plain text with the tus status.
 *
 * <p>checksum-trailer: a PATCH that announces {@code Trailer: Upload-Checksum} is measured by every
 * algorithm offered while it streams; the trailer then picks one. One that does not come is a 400.
 */
package io.satchel.api.tus;
