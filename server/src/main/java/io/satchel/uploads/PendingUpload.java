package io.satchel.uploads;

import java.util.Map;

/**
 * An upload whose bytes are still arriving (multipart or tus): everything REQUEST decided, kept until
 * CONFIRM makes it a file or it expires. {@code length} is null while a tus client defers it;
 * {@code received} is how many bytes from the start are durably written (tus); multipart tracks parts.
 * {@code storeHandle} is the store's own name for the upload in progress (S3's multipart upload id).
 */
public record PendingUpload(
        String uuid,
        long projectId,
        Protocol protocol,
        State state,
        Long length,
        Long partSize,
        long received,
        String originalFilename,
        String contentType,
        boolean stored,
        Map<String, String> metadata,
        String source,
        String token,
        String extra,
        long createdAt,
        long expiresAt,
        String storeHandle) {

    public enum Protocol { MULTIPART, TUS }

    /** Open while bytes may arrive; terminated by the client (tus DELETE), kept as a tombstone until it expires. */
    public enum State { OPEN, TERMINATED }

    public PendingUpload {
        metadata = Map.copyOf(metadata);
    }

    public boolean isExpired(long nowMicros) {
        return nowMicros >= expiresAt;
    }

    PendingUpload withStoreHandle(String handle) {
        return new PendingUpload(uuid, projectId, protocol, state, length, partSize, received, originalFilename, contentType,
                stored, metadata, source, token, extra, createdAt, expiresAt, handle);
    }

    PendingUpload withReceived(long bytes) {
        return new PendingUpload(uuid, projectId, protocol, state, length, partSize, bytes, originalFilename, contentType,
                stored, metadata, source, token, extra, createdAt, expiresAt, storeHandle);
    }

    PendingUpload withExpiresAt(long micros) {
        return new PendingUpload(uuid, projectId, protocol, state, length, partSize, received, originalFilename, contentType,
                stored, metadata, source, token, extra, createdAt, micros, storeHandle);
    }
}
