package io.satchel.uploads;

import java.net.URI;
import java.util.List;

/**
 * Where a multipart client sends its parts. Satchel serves them itself by default; a store that can
 * take parts directly (S3's presigned part URLs) provides its own implementation, chosen at start.
 */
public interface PartUrls {

    /** One URL per part, in part order, valid until the upload expires. */
    List<URI> partUrls(PendingUpload upload, int parts);
}
