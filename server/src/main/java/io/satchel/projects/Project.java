package io.satchel.projects;

import java.util.List;

/** A tenant: its keys and the settings the upload and delivery paths read. */
public record Project(
        long id,
        String name,
        String publicKey,
        String secretKey,
        boolean autostore,
        boolean signedUploads,
        boolean secureDelivery,
        Long maxUploadBytes,
        List<String> allowedMimeTypes,
        List<String> eagerVariants,
        long createdAt) {

    /** The cap on one file's size for this project: its own, if lower than the server's. */
    public long uploadCap(long serverCap) {
        return maxUploadBytes == null ? serverCap : Math.min(serverCap, maxUploadBytes);
    }

    /** Whether a sniffed MIME type may be uploaded; an empty list allows everything. Patterns may end in {@code /*}. */
    public boolean allowsMimeType(String mime) {
        if (allowedMimeTypes.isEmpty()) return true;
        for (String allowed : allowedMimeTypes) {
            if (allowed.equalsIgnoreCase(mime)) return true;
            if (allowed.endsWith("/*") && mime.regionMatches(true, 0, allowed, 0, allowed.length() - 1)) return true;
        }
        return false;
    }
}
