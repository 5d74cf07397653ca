/**
 * tus 1.0.0 under {@code /tus/} (spec/tus.md) with creation, creation-with-upload, creation-defer-length,
 * termination, concatenation, expiration and checksum. The upload id is the future file's uuid. Bytes go
 * through {@link io.satchel.uploads.PendingUploads}: an offset only ever reports bytes that are durable,
 * one upload's requests never interleave (a second one waits briefly, then gets 409), and the last byte
 * hands the file to the same CONFIRM every upload path ends in. Partial uploads never become files: the
 * final upload that names them does, and they are let go. Errors are plain text with the tus status.
 *
 * <p>Not offered: {@code checksum-trailer}. Helidon 4.5 refuses a chunked request body that ends with
 * trailer fields, so a checksum sent as a trailer could never be read; a PATCH that announces one
 * ({@code Trailer: Upload-Checksum}) is refused with 400 before its body is read.
 */
package io.satchel.api.tus;
