/**
 * Where file bytes live: the {@link io.satchel.storage.BlobStore} port (write a stream whole or not at all,
 * read a range, stat, delete) and its adapters, the data folder and any S3-compatible bucket; beside it,
 * the capabilities a store may have: {@link io.satchel.storage.UploadSpool} (an upload in pieces, each
 * write answering what to record) and {@link io.satchel.storage.PresignedParts} (parts straight from
 * clients). Keys are relative paths of safe characters; values are streams.
 */
package io.satchel.storage;
