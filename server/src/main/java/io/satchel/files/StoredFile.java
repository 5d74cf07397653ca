package io.satchel.files;

import java.util.Map;

/**
 * One file's record: what is needed to find its bytes and describe it (never a URL; URLs are built
 * from the uuid when rendering). Times are catalog microseconds; {@code contentInfo} is the JSON the
 * PROCESS step wrote, null before.
 */
public record StoredFile(
        String uuid,
        long projectId,
        FileStatus status,
        String storageKey,
        long size,
        String sha256,
        String mimeType,
        String originalFilename,
        String filename,
        boolean isImage,
        boolean isStored,
        String contentInfo,
        String source,
        long datetimeUploaded,
        Long datetimeStored,
        Long datetimeRemoved,
        Map<String, String> metadata) {

    public boolean isReady() {
        return status == FileStatus.READY;
    }

    public boolean isRemoved() {
        return datetimeRemoved != null;
    }

    public StoredFile withMetadata(Map<String, String> m) {
        return new StoredFile(uuid, projectId, status, storageKey, size, sha256, mimeType, originalFilename, filename,
                isImage, isStored, contentInfo, source, datetimeUploaded, datetimeStored, datetimeRemoved, Map.copyOf(m));
    }
}
